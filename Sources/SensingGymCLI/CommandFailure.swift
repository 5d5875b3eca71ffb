/// A failure found while a command runs (bad scenario file, unknown env id): printed as `Error: <message>`
/// without the usage text, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, naming the input.
    let description: String

    init(_ description: String) { self.description = description }
}
