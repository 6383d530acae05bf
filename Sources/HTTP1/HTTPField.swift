/// One field line of a parsed head: where its name and (trimmed) value sit in the head's bytes.
///
/// Stored as four 32-bit offsets (16 bytes) so a head's field table stays small; heads are
/// bounded by `HTTPParserLimits.maxHeaderBytes`, far below 4 GiB.
public struct HTTPField: Sendable, Equatable, Hashable {
    @usableFromInline let nameStart: UInt32
    @usableFromInline let nameEnd: UInt32
    @usableFromInline let valueStart: UInt32
    @usableFromInline let valueEnd: UInt32

    @inlinable
    init(nameStart: Int, nameEnd: Int, valueStart: Int, valueEnd: Int) {
        self.nameStart = UInt32(truncatingIfNeeded: nameStart)
        self.nameEnd = UInt32(truncatingIfNeeded: nameEnd)
        self.valueStart = UInt32(truncatingIfNeeded: valueStart)
        self.valueEnd = UInt32(truncatingIfNeeded: valueEnd)
    }

    /// The name's byte range in the head's `bytes`.
    @inlinable public var name: Range<Int> { Int(nameStart)..<Int(nameEnd) }
    /// The value's byte range in the head's `bytes`, without surrounding whitespace.
    @inlinable public var value: Range<Int> { Int(valueStart)..<Int(valueEnd) }
}
