/// The fields that decide framing and connection handling, gathered in one pass over a
/// complete head and validated (RFC 9112 §6, RFC 9110 §7.6, §8.6, §10.1.1).
struct KnownFields {
    var hostCount = 0
    var host: Range<Int>?
    var contentLengthCount = 0
    var contentLength: UInt64 = 0
    var hasTransferEncoding = false
    var chunkedCount = 0
    var finalCodingIsChunked = false
    var hasOtherCoding = false
    var connectionClose = false
    var connectionKeepAlive = false
    var connectionUpgrade = false
    var upgrade: Range<Int>?
    var expectsContinue = false

    /// Gathers the known fields. Content-Length must be one field with one run of
    /// digits: the list form `1,1` that RFC 9110 §8.6 lets a recipient accept is
    /// rejected, because the proxy forwards the field and a backend might read the list
    /// differently.
    init(_ base: UnsafeRawPointer, _ fields: [HTTPField]) throws(HTTPParseError) {
        for f in fields {
            let ns = Int(f.nameStart)
            let vs = Int(f.valueStart)
            let ve = Int(f.valueEnd)
            switch Int(f.nameEnd &- f.nameStart) {
            case 4 where ASCII.equalsValidatedIgnoringCase(base, ns, 4, "host"):
                hostCount += 1
                if host == nil { host = vs..<ve }
            case 6 where ASCII.equalsValidatedIgnoringCase(base, ns, 6, "expect"):
                if ASCII.equalsValidatedIgnoringCase(base, vs, ve - vs, "100-continue") { expectsContinue = true }
            case 7 where ASCII.equalsValidatedIgnoringCase(base, ns, 7, "upgrade"):
                if upgrade == nil { upgrade = vs..<ve }
            case 10 where ASCII.equalsValidatedIgnoringCase(base, ns, 10, "connection"):
                ListScanner.forEachElement(base, vs..<ve) { s, e in
                    if ASCII.equalsValidatedIgnoringCase(base, s, e - s, "close") {
                        connectionClose = true
                    } else if ASCII.equalsValidatedIgnoringCase(base, s, e - s, "keep-alive") {
                        connectionKeepAlive = true
                    } else if ASCII.equalsValidatedIgnoringCase(base, s, e - s, "upgrade") {
                        connectionUpgrade = true
                    }
                }
            case 14 where ASCII.equalsValidatedIgnoringCase(base, ns, 14, "content-length"):
                contentLengthCount += 1
                if contentLengthCount > 1 { throw .invalidContentLength }
                contentLength = try Self.parseContentLength(base, vs, ve)
            case 14 where ASCII.equalsValidatedIgnoringCase(base, ns, 14, "content_length"),
                17 where ASCII.equalsValidatedIgnoringCase(base, ns, 17, "transfer_encoding"):
                // Valid tokens, but a backend that maps "_" to "-" (CGI-style) would read
                // them as framing we did not apply: refuse them (nginx drops, Envoy can reject).
                throw .invalidFieldName
            case 17 where ASCII.equalsValidatedIgnoringCase(base, ns, 17, "transfer-encoding"):
                hasTransferEncoding = true
                ListScanner.forEachElement(base, vs..<ve) { s, e in
                    if ASCII.equalsValidatedIgnoringCase(base, s, e - s, "chunked") {
                        chunkedCount += 1
                        finalCodingIsChunked = true
                    } else {
                        hasOtherCoding = true
                        finalCodingIsChunked = false
                    }
                }
            default:
                break
            }
        }
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6), without overflow.
    static func parseContentLength(_ base: UnsafeRawPointer, _ s: Int, _ e: Int) throws(HTTPParseError) -> UInt64 {
        guard e > s else { throw .invalidContentLength }
        var n: UInt64 = 0
        for i in s..<e {
            let d = base.load(fromByteOffset: i, as: UInt8.self) &- 0x30
            guard d < 10 else { throw .invalidContentLength }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { throw .invalidContentLength }
            n = a
        }
        return n
    }

    /// Validates Transfer-Encoding against the rules both directions share and returns
    /// whether the body is chunked (RFC 9112 §6.1, §6.3).
    func checkTransferCoding(version: HTTPVersion) throws(HTTPParseError) -> Bool {
        guard hasTransferEncoding else { return false }
        if version == .http1_0 { throw .transferEncodingInHTTP10 }
        if contentLengthCount > 0 { throw .contentLengthWithTransferEncoding }
        if chunkedCount > 1 { throw .chunkedAppliedTwice }
        if !finalCodingIsChunked { throw .transferEncodingNotChunked }
        if hasOtherCoding { throw .unsupportedTransferCoding }
        return true
    }

    /// Keep-alive per version and Connection (RFC 9112 §9.3).
    func keepAlive(version: HTTPVersion) -> Bool {
        if connectionClose { return false }
        return version == .http1_1 || connectionKeepAlive
    }
}

/// Validation of `uri-host [ ":" port ]` (RFC 3986 §3.2.2, RFC 9110 §7.2) for Host values
/// and request-target authorities.
enum Authority {
    /// Whether `[s, e)` is a valid authority without userinfo; `requirePort` for CONNECT.
    static func isValid(_ base: UnsafeRawPointer, _ s: Int, _ e: Int, requirePort: Bool = false) -> Bool {
        @inline(__always) func at(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }
        var i = s
        if i < e, at(i) == 0x5B {  // "[" IP-literal "]"
            i += 1
            while i < e, at(i) != 0x5D {
                let b = at(i)
                guard ASCII.hexValue(b) != nil || b == ASCII.colon || b == 0x2E else { return false }
                i += 1
            }
            guard i < e, i > s + 1 else { return false }
            i += 1
        } else {
            while i < e, at(i) != ASCII.colon {
                guard ASCII.isRegNameByte(at(i)) else { return false }
                i += 1
            }
            if requirePort && i == s { return false }
        }
        if i == e { return !requirePort }
        guard at(i) == ASCII.colon else { return false }
        i += 1
        if requirePort && i == e { return false }
        while i < e {
            guard at(i) &- 0x30 < 10 else { return false }
            i += 1
        }
        return true
    }
}
