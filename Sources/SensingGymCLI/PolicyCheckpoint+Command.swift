import Foundation
import SensingGym

extension PolicyCheckpoint {
    /// Loads a checkpoint for a command, turning a missing or corrupt file into a one-line failure that names it.
    static func loadForCommand(_ path: String, purpose: String) throws -> PolicyCheckpoint {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("cannot \(purpose) \(path): no such file")
        }
        do {
            return try PolicyCheckpoint.load(from: path)
        } catch {
            throw CommandFailure("cannot \(purpose) \(path): \(error)")
        }
    }
}
