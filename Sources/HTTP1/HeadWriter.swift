/// Serialises request and response heads into a caller-owned buffer (RFC 9112 §3, §4, §5).
///
/// Values are never trusted to be clean: control bytes (CR, LF, NUL...) in a value are
/// written as SP so no caller can inject a field line, and a field whose name is not a
/// token is not written at all.
public enum HeadWriter {
    /// Appends `method SP target SP HTTP/1.1 CRLF`. Bytes that may not appear in a
    /// method (non-token) or a target (SP, controls, non-ASCII) are written as `_`.
    public static func appendRequestLine(method: String, target: String, into out: inout [UInt8]) {
        for b in method.utf8 { out.append(ASCII.isTokenChar(b) ? b : UInt8(ascii: "_")) }
        out.append(ASCII.sp)
        for b in target.utf8 { out.append(b > 0x20 && b < 0x7F ? b : UInt8(ascii: "_")) }
        out.append(contentsOf: " HTTP/1.1\r\n".utf8)
    }

    /// Appends `HTTP/1.1 SP status SP reason CRLF`; the standard phrase when `reason` is nil.
    public static func appendStatusLine(status: Int, reason: String? = nil, into out: inout [UInt8]) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        let code = min(max(status, 100), 999)
        out.append(UInt8(0x30 + code / 100))
        out.append(UInt8(0x30 + code / 10 % 10))
        out.append(UInt8(0x30 + code % 10))
        out.append(ASCII.sp)
        appendValue((reason ?? HTTPStatus.reasonPhrase(for: status)).utf8, into: &out)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    /// Appends `name: value CRLF`; returns false (and appends nothing) when `name` is not a token.
    @discardableResult
    public static func appendField(name: String, value: String, into out: inout [UInt8]) -> Bool {
        appendField(name: name.utf8, value: value.utf8, into: &out)
    }

    /// Appends `name: value CRLF` from bytes; returns false when `name` is not a token.
    @discardableResult
    @inlinable
    public static func appendField<Name: Collection<UInt8>, Value: Collection<UInt8>>(
        name: Name, value: Value, into out: inout [UInt8]
    ) -> Bool {
        guard !name.isEmpty, name.allSatisfy(ASCII.isTokenChar) else { return false }
        out.append(contentsOf: name)
        out.append(ASCII.colon)
        out.append(ASCII.sp)
        appendValue(value, into: &out)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        return true
    }

    /// Appends a field with a decimal value, e.g. Content-Length.
    public static func appendField(name: String, value: UInt64, into out: inout [UInt8]) {
        appendField(name: name, value: String(value), into: &out)
    }

    /// Appends the fields of a parsed head, skipping hop-by-hop ones when asked (as a
    /// proxy must, RFC 9110 §7.6.1). The bytes are copied as received, already validated.
    public static func appendFields<Head: HTTPMessageHead>(
        of head: Head, droppingHopByHop: Bool = true, into out: inout [UInt8]
    ) {
        head.bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return }
            let fields = head.fields
            // Where the Connection fields are, found once: the options they list are
            // checked only against them.
            var firstConnection = fields.count
            var lastConnection = -1
            if droppingHopByHop {
                for (i, f) in fields.enumerated()
                where ASCII.equalsIgnoringCase(base, Int(f.nameStart), f.name.count, "connection") {
                    firstConnection = min(firstConnection, i)
                    lastConnection = i
                }
            }
            for f in fields {
                let n = f.name
                if droppingHopByHop {
                    if HopByHop.isFixedHopByHop(base, n.lowerBound, n.count) { continue }
                    if lastConnection >= 0
                        && listedInConnection(base, fields, firstConnection...lastConnection, n.lowerBound, n.count)
                    {
                        continue
                    }
                }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[n]))
                out.append(ASCII.colon)
                out.append(ASCII.sp)
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[f.value]))
                out.append(ASCII.cr)
                out.append(ASCII.lf)
            }
        }
    }

    /// Whether the Connection fields among `fields[candidates]` list the given name.
    private static func listedInConnection(
        _ base: UnsafeRawPointer, _ fields: [HTTPField], _ candidates: ClosedRange<Int>, _ start: Int, _ count: Int
    ) -> Bool {
        for i in candidates {
            let f = fields[i]
            guard ASCII.equalsIgnoringCase(base, Int(f.nameStart), f.name.count, "connection") else { continue }
            var found = false
            ListScanner.forEachElement(base, f.value) { s, e in
                if e - s == count, ASCII.equalsIgnoringCase(base, s, base, start, count) { found = true }
            }
            if found { return true }
        }
        return false
    }

    /// Appends the CRLF that ends a head.
    @inlinable
    public static func appendEndOfHead(into out: inout [UInt8]) {
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    /// Appends a whole request head: request line, fields, blank line.
    public static func appendRequestHead(
        method: String, target: String, fields: [(name: String, value: String)], into out: inout [UInt8]
    ) {
        appendRequestLine(method: method, target: target, into: &out)
        for f in fields { appendField(name: f.name, value: f.value, into: &out) }
        appendEndOfHead(into: &out)
    }

    /// Appends a whole response head: status line, fields, blank line.
    public static func appendResponseHead(
        status: Int, reason: String? = nil, fields: [(name: String, value: String)], into out: inout [UInt8]
    ) {
        appendStatusLine(status: status, reason: reason, into: &out)
        for f in fields { appendField(name: f.name, value: f.value, into: &out) }
        appendEndOfHead(into: &out)
    }

    @inlinable
    static func appendValue<Value: Collection<UInt8>>(_ value: Value, into out: inout [UInt8]) {
        for b in value { out.append(ASCII.isFieldValueByte(b) ? b : ASCII.sp) }
    }
}
