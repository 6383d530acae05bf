/// Splits a request-target (already checked to be VCHAR without `#`) into its form, path,
/// query and authority, enforcing which form each method may use (RFC 9112 §3.2).
struct RequestTarget {
    var form: RequestTargetForm
    var path: Range<Int>
    var query: Range<Int>?
    var authority: Range<Int>?

    init(_ base: UnsafeRawPointer, _ range: Range<Int>, method: HTTPMethod) throws(HTTPParseError) {
        @inline(__always) func at(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }
        let s = range.lowerBound
        let e = range.upperBound
        authority = nil
        query = nil
        if method == .connect {
            // authority-form only (RFC 9112 §3.2.3): host ":" port.
            guard Authority.isValid(base, s, e, requirePort: true) else { throw .invalidTarget }
            form = .authority
            path = e..<e
            authority = range
            return
        }
        let first = at(s)
        if first == UInt8(ascii: "/") {
            form = .origin
            (path, query) = Self.splitQuery(base, s, e)
            return
        }
        if first == UInt8(ascii: "*") && e - s == 1 {
            // asterisk-form is for server-wide OPTIONS only (RFC 9112 §3.2.4).
            guard method == .options else { throw .invalidTarget }
            form = .asterisk
            path = e..<e
            return
        }
        // absolute-form (RFC 9112 §3.2.2): scheme "://" authority path-abempty [ "?" query ].
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1)
        var i = s
        guard ASCII.lower(first) >= 0x61 && ASCII.lower(first) <= 0x7A else { throw .invalidTarget }
        while i < e {
            let b = at(i)
            let l = ASCII.lower(b)
            if (l >= 0x61 && l <= 0x7A) || (b &- 0x30) < 10 || b == 0x2B || b == 0x2D || b == 0x2E {
                i += 1
            } else {
                break
            }
        }
        guard e - i >= 3, at(i) == ASCII.colon, at(i + 1) == UInt8(ascii: "/"), at(i + 2) == UInt8(ascii: "/")
        else { throw .invalidTarget }
        let authorityStart = i + 3
        var j = authorityStart
        while j < e, at(j) != UInt8(ascii: "/"), at(j) != UInt8(ascii: "?") { j += 1 }
        // A userinfo "@" is refused by Authority (RFC 9110 §4.2.4); the host must not be empty.
        guard j > authorityStart, Authority.isValid(base, authorityStart, j) else { throw .invalidTarget }
        form = .absolute
        authority = authorityStart..<j
        (path, query) = Self.splitQuery(base, j, e)
    }

    /// Path up to the first `?`, query after it.
    static func splitQuery(_ base: UnsafeRawPointer, _ s: Int, _ e: Int) -> (Range<Int>, Range<Int>?) {
        var i = s
        while i < e {
            if base.load(fromByteOffset: i, as: UInt8.self) == UInt8(ascii: "?") {
                return (s..<i, (i + 1)..<e)
            }
            i += 1
        }
        return (s..<e, nil)
    }
}
