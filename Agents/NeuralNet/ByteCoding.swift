// NeuralNet: little-endian byte writing and bounds-checked reading for checkpoints (internal).

/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ string: String) {
        let utf8 = Array(string.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func append(_ floats: [Float]) {
        bytes.reserveCapacity(bytes.count + floats.count * 4)
        for value in floats { append(value.bitPattern) }
    }
}

/// Reads little-endian values from a byte array; every read checks bounds and throws ``CheckpointError/corrupt(_:)``.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw CheckpointError.corrupt("truncated while reading \(what) at byte \(offset) (need \(count), have \(remaining))")
        }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }

    mutating func readUInt32(_ what: String) throws -> UInt32 {
        let slice = try take(4, what)
        return slice.reversed().reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    mutating func readUInt64(_ what: String) throws -> UInt64 {
        let slice = try take(8, what)
        return slice.reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    mutating func readString(_ what: String) throws -> String {
        let length = Int(try readUInt32("length of \(what)"))
        let slice = try take(length, what)
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw CheckpointError.corrupt("\(what) is not valid UTF-8")
        }
        return string
    }

    mutating func readFloats(_ count: Int, _ what: String) throws -> [Float] {
        guard count <= remaining / 4 else {
            throw CheckpointError.corrupt("truncated while reading \(what): \(count) floats declared, \(remaining / 4) present")
        }
        let start = offset
        offset += count * 4
        var result = [Float](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { b in
            for i in 0 ..< count {
                let p = start + i * 4
                let bits = UInt32(b[p]) | UInt32(b[p + 1]) << 8 | UInt32(b[p + 2]) << 16 | UInt32(b[p + 3]) << 24
                result[i] = Float(bitPattern: bits)
            }
        }
        return result
    }
}
