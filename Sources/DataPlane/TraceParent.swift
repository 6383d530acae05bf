import HTTP1

/// A W3C Trace Context `traceparent` value (https://www.w3.org/TR/trace-context/ §3.2):
/// `version-traceid-parentid-flags`, all lowercase hex.
///
/// The gateway continues a valid incoming trace unchanged and starts one when the header is
/// absent or invalid, so every request reaching a backend carries a trace id that is also
/// in the access log. Portico does not export spans of its own, so it does not replace the
/// parent id: a parent that no tracing backend ever receives would break the trace tree.
public struct TraceParent: Hashable, Sendable {
    /// High 64 bits of the 128-bit trace id.
    public var traceHigh: UInt64
    /// Low 64 bits of the trace id.
    public var traceLow: UInt64
    /// The caller's span id (the parent of the backend's span).
    public var parentID: UInt64
    /// Trace flags; bit 0 is `sampled`.
    public var flags: UInt8

    public init(traceHigh: UInt64, traceLow: UInt64, parentID: UInt64, flags: UInt8) {
        self.traceHigh = traceHigh
        self.traceLow = traceLow
        self.parentID = parentID
        self.flags = flags
    }

    /// The length of a version-00 value.
    public static let length = 55

    /// Parses a header value; nil when it is not a valid traceparent (§3.2.2: lowercase hex
    /// only, version `ff` invalid, all-zero trace or parent id invalid, version 00 exactly 55
    /// bytes, later versions at least 55 with a `-` after the flags).
    public static func parse(_ value: some Collection<UInt8>) -> TraceParent? {
        let b = Array(value.prefix(64))
        guard b.count >= length, value.count <= 512 else { return nil }
        guard let version = hex(b, 0, 2), version != 0xFF else { return nil }
        if version == 0 && value.count != length { return nil }
        if version != 0 && b.count > length && b[length] != UInt8(ascii: "-") { return nil }
        guard b[2] == UInt8(ascii: "-"), b[35] == UInt8(ascii: "-"), b[52] == UInt8(ascii: "-"),
              let high = hex(b, 3, 16), let low = hex(b, 19, 16),
              let parent = hex(b, 36, 16), let flags = hex(b, 53, 2),
              high | low != 0, parent != 0
        else { return nil }
        return TraceParent(traceHigh: high, traceLow: low, parentID: parent, flags: UInt8(flags))
    }

    /// A new sampled trace started at the gateway, from caller-supplied random bits
    /// (zero ids are replaced, since the spec forbids them).
    public static func start(random: (UInt64, UInt64, UInt64)) -> TraceParent {
        TraceParent(traceHigh: random.0, traceLow: random.1 == 0 && random.0 == 0 ? 1 : random.1,
                    parentID: random.2 == 0 ? 1 : random.2, flags: 0x01)
    }

    /// The 32-hex-digit trace id, as the access log shows it.
    public var traceID: String { String(decoding: Self.hexBytes(traceHigh) + Self.hexBytes(traceLow), as: UTF8.self) }

    /// The version-00 header value (always written as version 00, per §3.2.4 for
    /// a vendor that does not understand a later version's extra fields).
    public var headerValue: [UInt8] {
        var out: [UInt8] = Array("00-".utf8)
        out += Self.hexBytes(traceHigh) + Self.hexBytes(traceLow)
        out.append(UInt8(ascii: "-"))
        out += Self.hexBytes(parentID)
        out.append(UInt8(ascii: "-"))
        out += Self.hexBytes(UInt64(flags), digits: 2)
        return out
    }

    /// Writes the version-00 header value without allocating (the request path).
    func write(to w: inout ByteWriter) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.length) { t in
            t[0] = 0x30; t[1] = 0x30; t[2] = 0x2D
            Self.putHex(traceHigh, 16, t, 3)
            Self.putHex(traceLow, 16, t, 19)
            t[35] = 0x2D
            Self.putHex(parentID, 16, t, 36)
            t[52] = 0x2D
            Self.putHex(UInt64(flags), 2, t, 53)
            w.write(UnsafeRawBufferPointer(t))
        }
    }

    /// Appends the 32-hex-digit trace id (the access log).
    func appendTraceID(to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { t in
            Self.putHex(traceHigh, 16, t, 0)
            Self.putHex(traceLow, 16, t, 16)
            out.append(contentsOf: t)
        }
    }

    @inline(__always)
    private static func putHex(_ v: UInt64, _ digits: Int, _ t: UnsafeMutableBufferPointer<UInt8>, _ at: Int) {
        var v = v
        var i = at + digits - 1
        while i >= at {
            let d = UInt8(truncatingIfNeeded: v & 0xF)
            t[i] = d < 10 ? 0x30 &+ d : 0x57 &+ d
            v >>= 4
            i -= 1
        }
    }

    private static func hex(_ b: [UInt8], _ start: Int, _ count: Int) -> UInt64? {
        var v: UInt64 = 0
        for i in start..<(start + count) {
            let c = b[i]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c &- UInt8(ascii: "a") &+ 10
            default: return nil  // uppercase hex is invalid too (§3.2.2.1)
            }
            v = v << 4 | UInt64(d)
        }
        return v
    }

    private static func hexBytes(_ v: UInt64, digits: Int = 16) -> [UInt8] {
        let table = Array("0123456789abcdef".utf8)
        return (0..<digits).reversed().map { table[Int((v >> (UInt64($0) * 4)) & 0xF)] }
    }
}

/// The trace a proxied request carries upstream: the client's own (forwarded unchanged with
/// its `tracestate`), or one the gateway started because the client sent none or an invalid
/// one (W3C Trace Context §3.3: an invalid traceparent and its tracestate are dropped).
struct RequestTrace {
    /// The traceparent the backend sees.
    var parent: TraceParent
    /// True when the gateway started it (the incoming fields are dropped, this one is sent).
    var started: Bool

    /// Decides the trace of `head`, drawing random bits only when a new trace is needed.
    /// More than one traceparent field counts as invalid (§3.2: the header is single-valued).
    static func of(_ head: RequestHead, random: () -> (UInt64, UInt64, UInt64)) -> RequestTrace {
        var found: TraceParent?
        var fields = 0
        head.bytes.withUnsafeBytes { p in
            for f in head.fields where f.name.count == 11 && HeadRewriter.equals(p, f.name.lowerBound, "traceparent") {
                fields += 1
                found = TraceParent.parse(UnsafeRawBufferPointer(rebasing: p[f.value]))
            }
        }
        if fields == 1, let found { return RequestTrace(parent: found, started: false) }
        return RequestTrace(parent: .start(random: random()), started: true)
    }
}
