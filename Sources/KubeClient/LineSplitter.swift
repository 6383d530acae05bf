/// Splits a byte stream into lines as chunks arrive, without holding more than the
/// unfinished tail: watch responses are one JSON object per line (newline-delimited).
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    /// Longest line accepted; a longer one means a broken stream, not a big object.
    public let maximumLineLength: Int

    /// Lines longer than `maximumLineLength` bytes make `append` throw.
    public init(maximumLineLength: Int = 16 << 20) {
        self.maximumLineLength = maximumLineLength
    }

    /// Bytes of an unfinished line waiting for its newline.
    public var pendingCount: Int { pending.count }

    /// Feeds a chunk; calls `line` for every complete line (without `\n` or `\r\n`), skipping empty ones.
    public mutating func append(_ chunk: UnsafeRawBufferPointer,
                                line: ([UInt8]) throws -> Void) throws {
        var start = 0
        let bytes = chunk.bindMemory(to: UInt8.self)
        for i in 0..<bytes.count where bytes[i] == UInt8(ascii: "\n") {
            var lineBytes = pending
            lineBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            pending.removeAll(keepingCapacity: true)
            start = i + 1
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes.removeLast() }
            if !lineBytes.isEmpty { try line(lineBytes) }
        }
        if start < bytes.count {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            if pending.count > maximumLineLength {
                pending.removeAll()
                throw LineTooLong(limit: maximumLineLength)
            }
        }
    }

    /// Convenience for byte arrays.
    public mutating func append(_ chunk: [UInt8], line: ([UInt8]) throws -> Void) throws {
        try chunk.withUnsafeBytes { try append($0, line: line) }
    }

    /// The unterminated tail at end of stream, if any (a final object without newline).
    public mutating func finish() -> [UInt8]? {
        defer { pending.removeAll() }
        var tail = pending
        if tail.last == UInt8(ascii: "\r") { tail.removeLast() }
        return tail.isEmpty ? nil : tail
    }
}

/// A watch line exceeded the splitter's limit.
public struct LineTooLong: Error, Hashable, Sendable, CustomStringConvertible {
    /// The limit in bytes.
    public var limit: Int
    public var description: String { "watch stream line longer than \(limit) bytes" }
}
