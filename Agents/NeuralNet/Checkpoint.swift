// NeuralNet: named tensors plus metadata, saved atomically in a versioned, checksummed binary file.

/// A set of named tensors and string metadata that saves atomically and loads with integrity checks.
///
/// ## File format (version 1, little-endian)
/// | bytes | field |
/// |---|---|
/// | 0–7 | magic `SGNNCKPT` |
/// | 8–11 | format version (`UInt32`, 1) |
/// | 12–15 | reserved, 0 |
/// | 16–23 | payload length in bytes (`UInt64`) |
/// | 24–27 | CRC-32 (IEEE) of the payload |
/// | 28–31 | reserved, 0 |
/// | 32… | payload: `UInt32` metadata count, then (key, value) strings sorted by key; `UInt32` tensor count, then per tensor sorted by name: name, `UInt32` rank, rank × `UInt64` dims, the `Float32` bit patterns |
///
/// Strings are a `UInt32` byte count and UTF-8 bytes. Saving writes `path.tmp-<pid>`, `fsync`s it, renames it over
/// `path` and `fsync`s the directory, so an interrupted save leaves the previous checkpoint intact.
///
/// ```swift
/// let checkpoint = Checkpoint(parameters: all, optimizer: adam, metadata: ["globalStep": "\(step)"])
/// try checkpoint.save(to: "runs/ppo/agent.sgnn")
/// try Checkpoint.load(from: "runs/ppo/agent.sgnn").restore(into: all, optimizer: adam)
/// ```
public struct Checkpoint: Equatable, Sendable {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    /// The first eight bytes of every checkpoint file.
    public static let magic: [UInt8] = Array("SGNNCKPT".utf8)
    /// The size of the fixed header in bytes.
    public static let headerSize = 32

    /// The tensors by name (parameters by their ``ParameterSet`` names; Adam moments as `adam.m.<name>`, `adam.v.<name>`).
    public var tensors: [String: Tensor]
    /// Free-form metadata, e.g. the training configuration as JSON and the global step.
    public var metadata: [String: String]

    /// Creates a checkpoint from tensors and metadata.
    /// - Parameters:
    ///   - tensors: Tensors keyed by name.
    ///   - metadata: Strings keyed by name.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Captures the values of `parameters` and, optionally, the moments and step count of `optimizer`.
    /// - Parameters:
    ///   - parameters: The parameters to store, under their names.
    ///   - optimizer: An Adam whose state to store (key `adam.step` in metadata), or `nil`.
    ///   - metadata: Extra metadata (the caller's configuration, step counts, …).
    public init(parameters: ParameterSet, optimizer: Adam? = nil, metadata: [String: String] = [:]) {
        var tensors: [String: Tensor] = [:]
        var metadata = metadata
        for entry in parameters.entries {
            tensors[entry.name] = Tensor(shape: entry.parameter.shape, scalars: entry.parameter.value)
        }
        if let adam = optimizer {
            for (index, entry) in adam.parameters.entries.enumerated() {
                tensors["adam.m.\(entry.name)"] = Tensor(shape: entry.parameter.shape, scalars: adam.firstMoments[index])
                tensors["adam.v.\(entry.name)"] = Tensor(shape: entry.parameter.shape, scalars: adam.secondMoments[index])
            }
            metadata["adam.step"] = String(adam.stepCount)
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// Copies stored values into `parameters` (and `optimizer`'s state), by name, after checking every shape.
    ///
    /// Nothing is modified unless every needed entry is present with the right shape. Extra tensors are ignored.
    /// - Parameters:
    ///   - parameters: The parameters to overwrite.
    ///   - optimizer: An Adam whose state to restore, or `nil`.
    /// - Throws: ``CheckpointError/missingEntry(_:)`` or ``CheckpointError/shapeMismatch(name:expected:found:)``.
    public func restore(into parameters: ParameterSet, optimizer: Adam? = nil) throws {
        func checked(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let tensor = tensors[name] else { throw CheckpointError.missingEntry(name) }
            guard tensor.shape == shape else {
                throw CheckpointError.shapeMismatch(name: name, expected: shape, found: tensor.shape)
            }
            return tensor.scalars
        }
        let values = try parameters.entries.map { try checked($0.name, $0.parameter.shape) }
        if let adam = optimizer {
            let m = try adam.parameters.entries.map { try checked("adam.m.\($0.name)", $0.parameter.shape) }
            let v = try adam.parameters.entries.map { try checked("adam.v.\($0.name)", $0.parameter.shape) }
            guard let text = metadata["adam.step"] else { throw CheckpointError.missingEntry("adam.step") }
            guard let step = Int(text), step >= 0 else { throw CheckpointError.corrupt("adam.step is not a count: \(text)") }
            try adam.restore(stepCount: step, firstMoments: m, secondMoments: v)
        }
        for (entry, value) in zip(parameters.entries, values) { entry.parameter.value = value }
    }

    // MARK: - Encoding

    /// The complete file contents: header and payload.
    public func encoded() -> [UInt8] {
        var payload = ByteWriter()
        payload.append(UInt32(metadata.count))
        for key in metadata.keys.sorted() {
            payload.append(key)
            payload.append(metadata[key] ?? "")
        }
        payload.append(UInt32(tensors.count))
        for name in tensors.keys.sorted() {
            guard let tensor = tensors[name] else { continue }
            payload.append(name)
            payload.append(UInt32(tensor.shape.count))
            for dimension in tensor.shape { payload.append(UInt64(dimension)) }
            payload.append(tensor.scalars)
        }
        var file = ByteWriter()
        file.bytes = Self.magic
        file.append(Self.formatVersion)
        file.append(UInt32(0))
        file.append(UInt64(payload.bytes.count))
        file.append(CRC32.checksum(payload.bytes))
        file.append(UInt32(0))
        file.bytes.append(contentsOf: payload.bytes)
        return file.bytes
    }

    /// Decodes file contents, verifying magic, version, length and checksum before parsing.
    /// - Parameter bytes: The whole file.
    /// - Throws: ``CheckpointError/corrupt(_:)`` or ``CheckpointError/versionMismatch(found:supported:)``.
    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count >= Self.headerSize else {
            throw CheckpointError.corrupt(
                "file is \(bytes.count) bytes, shorter than the \(Self.headerSize)-byte header (truncated?)")
        }
        guard Array(bytes[0 ..< 8]) == Self.magic else {
            throw CheckpointError.corrupt("bad magic: not a SensingGym checkpoint")
        }
        var header = ByteReader(bytes, offset: 8)
        let version = try header.readUInt32("format version")
        guard version == Self.formatVersion else {
            throw CheckpointError.versionMismatch(found: version, supported: Self.formatVersion)
        }
        _ = try header.readUInt32("reserved")
        let declared = try header.readUInt64("payload length")
        let storedChecksum = try header.readUInt32("checksum")
        let present = bytes.count - Self.headerSize
        guard declared == UInt64(present) else {
            throw CheckpointError.corrupt(
                "header declares \(declared) payload bytes but \(present) are present (truncated or padded file)")
        }
        let actualChecksum = bytes.withUnsafeBufferPointer {
            CRC32.checksum(UnsafeBufferPointer(rebasing: $0[Self.headerSize...]))
        }
        guard actualChecksum == storedChecksum else {
            throw CheckpointError.corrupt(
                "checksum mismatch (stored \(hex(storedChecksum)), computed \(hex(actualChecksum)))")
        }
        var reader = ByteReader(bytes, offset: Self.headerSize)
        var metadata: [String: String] = [:]
        let metadataCount = try reader.readUInt32("metadata count")
        for index in 0 ..< metadataCount {
            let key = try reader.readString("metadata key \(index)")
            metadata[key] = try reader.readString("metadata value for \(key)")
        }
        var tensors: [String: Tensor] = [:]
        let tensorCount = try reader.readUInt32("tensor count")
        for index in 0 ..< tensorCount {
            let name = try reader.readString("tensor name \(index)")
            let rank = try reader.readUInt32("rank of \(name)")
            guard rank <= 8 else { throw CheckpointError.corrupt("tensor \(name) has implausible rank \(rank)") }
            var shape: [Int] = []
            var count = 1
            for _ in 0 ..< rank {
                let dimension = try reader.readUInt64("shape of \(name)")
                guard dimension <= UInt64(Int32.max) else {
                    throw CheckpointError.corrupt("tensor \(name) has implausible dimension \(dimension)")
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: Int(dimension))
                guard !overflow else { throw CheckpointError.corrupt("tensor \(name) shape overflows") }
                count = product
                shape.append(Int(dimension))
            }
            let scalars = try reader.readFloats(count, "values of \(name)")
            guard tensors[name] == nil else { throw CheckpointError.corrupt("tensor \(name) appears twice") }
            tensors[name] = Tensor(shape: shape, scalars: scalars)
        }
        guard reader.remaining == 0 else {
            throw CheckpointError.corrupt("\(reader.remaining) unexpected bytes after the last tensor")
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    // MARK: - Files

    /// Called during ``save(to:writeHook:)`` after each chunk reaches the temp file, with (bytes written, total).
    /// Throwing from it aborts the save like a crash mid-write would; tests use it to simulate interruption.
    public typealias WriteHook = (_ bytesWritten: Int, _ totalBytes: Int) throws -> Void

    /// Writes the checkpoint atomically to `path` (temp file, `fsync`, `rename`, directory `fsync`).
    /// - Parameters:
    ///   - path: The destination file; its directory must exist.
    ///   - writeHook: Optional hook called after each written chunk (64 KiB); an error it throws is rethrown
    ///     after the temp file is removed, and `path` keeps its previous contents.
    /// - Throws: ``CheckpointError/io(operation:path:errno:)`` or the hook's error.
    public func save(to path: String, writeHook: WriteHook? = nil) throws {
        try AtomicFile.replaceContents(of: path, with: encoded(), hook: writeHook)
    }

    /// Reads and verifies the checkpoint at `path`.
    /// - Parameter path: The file to read.
    /// - Returns: The decoded checkpoint.
    /// - Throws: ``CheckpointError`` naming what is wrong: I/O, corrupt or truncated file, or version mismatch.
    public static func load(from path: String) throws -> Checkpoint {
        try Checkpoint(decoding: AtomicFile.contents(of: path))
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
