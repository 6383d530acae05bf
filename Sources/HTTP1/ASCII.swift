/// Byte classes and byte comparisons from RFC 9110 §5.6 and RFC 9112, free of tables in
/// memory so hot loops stay branch-light and need no lazily initialised globals.
@usableFromInline
enum ASCII {
    @usableFromInline static let cr: UInt8 = 0x0D
    @usableFromInline static let lf: UInt8 = 0x0A
    @usableFromInline static let sp: UInt8 = 0x20
    @usableFromInline static let htab: UInt8 = 0x09
    @usableFromInline static let colon: UInt8 = 0x3A
    @usableFromInline static let comma: UInt8 = 0x2C
    @usableFromInline static let semicolon: UInt8 = 0x3B

    /// Byte classes, one character per byte value: `0x40 | bits`, where bit 0 is tchar
    /// (RFC 9110 §5.6.2), bit 1 a reg-name byte (unreserved, `%`, sub-delims; RFC 3986
    /// §3.2.2) and bit 2 a request-target byte (VCHAR except `#`). A string literal is
    /// constant data: no lazy global, no bounds check.
    @usableFromInline static var classTable: StaticString {
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@GDAGGGGFFGGFGGDGGGGGGGGGGDFDFDDDGGGGGGGGGGGGGGGGGGGGGGGGGGDDDEGEGGGGGGGGGGGGGGGGGGGGGGGGGGDEDG@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"
    }

    @usableFromInline static let tokenClass: UInt8 = 1
    @usableFromInline static let regNameClass: UInt8 = 2
    @usableFromInline static let targetClass: UInt8 = 4

    @inlinable @inline(__always)
    static func byteClass(_ b: UInt8) -> UInt8 { classTable.utf8Start[Int(b)] }

    /// Whether `b` is a tchar: `!#$%&'*+-.^_`|~`, digits and letters.
    @inlinable @inline(__always)
    static func isTokenChar(_ b: UInt8) -> Bool { byteClass(b) & tokenClass != 0 }

    /// Whether `b` may appear in a reg-name (percent-encoding checked loosely as `%`).
    @inlinable @inline(__always)
    static func isRegNameByte(_ b: UInt8) -> Bool { byteClass(b) & regNameClass != 0 }

    /// Whether `b` may appear in a request-target: VCHAR except `#` (no fragment is sent).
    @inlinable @inline(__always)
    static func isTargetByte(_ b: UInt8) -> Bool { byteClass(b) & targetClass != 0 }

    /// Whether `b` may appear in a field value: field-vchar, SP or HTAB (RFC 9110 §5.5).
    @inlinable @inline(__always)
    static func isFieldValueByte(_ b: UInt8) -> Bool {
        (b >= 0x20 && b != 0x7F) || b == htab
    }

    /// Whether `b` is SP or HTAB (OWS, RFC 9110 §5.6.3).
    @inlinable @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == sp || b == htab }

    /// Whether `b` is a hex digit; returns its value or nil.
    @inlinable @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b &- 0x30
        case 0x41...0x46: b &- 0x41 &+ 10
        case 0x61...0x66: b &- 0x61 &+ 10
        default: nil
        }
    }

    /// ASCII lowercase of one byte; other bytes unchanged.
    @inlinable @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    /// Whether `count` bytes at `base + start` equal the ASCII literal exactly.
    @inlinable
    static func equals(_ base: UnsafeRawPointer, _ start: Int, _ literal: StaticString) -> Bool {
        let p = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount where base.load(fromByteOffset: start + i, as: UInt8.self) != p[i] {
            return false
        }
        return true
    }

    /// Case-insensitive equality of a byte range with a lowercase ASCII literal.
    @inlinable
    static func equalsIgnoringCase(
        _ base: UnsafeRawPointer, _ start: Int, _ count: Int, _ lowercased: StaticString
    ) -> Bool {
        guard count == lowercased.utf8CodeUnitCount else { return false }
        let p = lowercased.utf8Start
        for i in 0..<count where lower(base.load(fromByteOffset: start + i, as: UInt8.self)) != p[i] {
            return false
        }
        return true
    }

    /// `equalsIgnoringCase` for bytes already validated as token or field-value bytes:
    /// `| 0x20` on both sides folds case in one instruction; the only other bytes it
    /// could match with the literals' `-`, `_` and digits are CR, DEL and control bytes,
    /// which validated input cannot hold.
    @inlinable
    static func equalsValidatedIgnoringCase(
        _ base: UnsafeRawPointer, _ start: Int, _ count: Int, _ lowercased: StaticString
    ) -> Bool {
        guard count == lowercased.utf8CodeUnitCount else { return false }
        let p = lowercased.utf8Start
        for i in 0..<count where base.load(fromByteOffset: start &+ i, as: UInt8.self) | 0x20 != p[i] | 0x20 {
            return false
        }
        return true
    }

    /// Case-insensitive equality of two byte ranges of the same length.
    @inlinable
    static func equalsIgnoringCase(
        _ a: UnsafeRawPointer, _ aStart: Int, _ b: UnsafeRawPointer, _ bStart: Int, _ count: Int
    ) -> Bool {
        for i in 0..<count
        where lower(a.load(fromByteOffset: aStart + i, as: UInt8.self))
            != lower(b.load(fromByteOffset: bStart + i, as: UInt8.self))
        {
            return false
        }
        return true
    }

    /// The index of the first LF in `[from, end)`, or nil.
    ///
    /// Eight bytes at a time with the classic "has zero byte" trick (little-endian
    /// loads, so the lowest set bit marks the first match; bits above it may be false
    /// positives and are ignored).
    @inlinable
    static func firstLineFeed(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int? {
        var i = from
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
            let found = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            if found != 0 { return i &+ (found.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        while i < end {
            if base.load(fromByteOffset: i, as: UInt8.self) == lf { return i }
            i &+= 1
        }
        return nil
    }

    /// The index of the first byte in `[from, end)` that is not a field value byte.
    ///
    /// Eight bytes at a time: a byte is suspect when it is below 0x20 or is 0x7F; the
    /// lowest suspect is the answer unless it is HTAB, after which the scan goes on.
    @inlinable
    static func firstInvalidValueByte(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int? {
        var i = from
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // High bit of each byte set where byte < 0x20 (bytes >= 0x80 are excluded).
            let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
            let del = word ^ 0x7F7F_7F7F_7F7F_7F7F
            let isDel = (del &- 0x0101_0101_0101_0101) & ~del & 0x8080_8080_8080_8080
            let suspects = below | isDel
            if suspects == 0 {
                i &+= 8
                continue
            }
            // Borrows only flag bytes above a real match, so the lowest flag is real: a
            // control byte or DEL, unless it is HTAB, which is allowed.
            let j = i &+ (suspects.trailingZeroBitCount >> 3)
            if base.load(fromByteOffset: j, as: UInt8.self) != htab { return j }
            i = j &+ 1
        }
        while i < end {
            if !isFieldValueByte(base.load(fromByteOffset: i, as: UInt8.self)) { return i }
            i &+= 1
        }
        return nil
    }
}
