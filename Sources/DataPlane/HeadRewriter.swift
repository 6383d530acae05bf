import HTTP1

/// Builds the heads the proxy forwards: hop-by-hop fields removed (RFC 9110 §7.6.1), the
/// X-Forwarded-* set and X-Request-ID, framing fields kept since the body bytes are
/// forwarded as received.
///
/// Field names are classified by length and bytes in one pass, with no String made.
enum HeadRewriter {
    /// What the proxy adds to a forwarded request.
    struct Forwarding {
        var forwardedFor: String
        var proto: String
        var host: ArraySlice<UInt8>
        var port: String
        var requestID: RequestIDValue
        /// Keep the incoming X-Forwarded-Proto/Host/Port (the peer is a trusted proxy).
        var keepIncomingForwarded: Bool
        /// The Upgrade value to pass on (WebSocket), nil for ordinary requests.
        var upgrade: ArraySlice<UInt8>?
        /// A trace the gateway started: sent instead of the client's traceparent and
        /// tracestate (absent or invalid). Nil: the client's valid ones pass unchanged.
        var startedTrace: TraceParent? = nil
    }

    /// What a field name means to the rewriter.
    enum FieldClass {
        case ordinary
        /// Fixed hop-by-hop (Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade).
        case hopByHop
        case transferEncoding
        case host
        case proxyAuthorization
        case forwardedFor
        case requestID
        case forwardedProto
        case forwardedHost
        case forwardedPort
        case traceParent
        case traceState
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b | ((b &- 0x41) < 26 ? 0x20 : 0) }

    @inline(__always)
    static func equals(_ p: UnsafeRawBufferPointer, _ start: Int, _ lit: StaticString) -> Bool {
        let n = lit.utf8CodeUnitCount
        let l = lit.utf8Start
        for i in 0..<n where lower(p[start + i]) != l[i] { return false }
        return true
    }

    static func classify(_ p: UnsafeRawBufferPointer, _ r: Range<Int>) -> FieldClass {
        let s = r.lowerBound
        switch r.count {
        case 2: return equals(p, s, "te") ? .hopByHop : .ordinary
        case 4: return equals(p, s, "host") ? .host : .ordinary
        case 7: return equals(p, s, "upgrade") || equals(p, s, "trailer") ? .hopByHop : .ordinary
        case 10:
            if equals(p, s, "connection") || equals(p, s, "keep-alive") { return .hopByHop }
            return equals(p, s, "tracestate") ? .traceState : .ordinary
        case 11: return equals(p, s, "traceparent") ? .traceParent : .ordinary
        case 12: return equals(p, s, "x-request-id") ? .requestID : .ordinary
        case 15: return equals(p, s, "x-forwarded-for") ? .forwardedFor : .ordinary
        case 16:
            if equals(p, s, "proxy-connection") { return .hopByHop }
            if equals(p, s, "x-forwarded-host") { return .forwardedHost }
            if equals(p, s, "x-forwarded-port") { return .forwardedPort }
            return .ordinary
        case 17:
            if equals(p, s, "transfer-encoding") { return .transferEncoding }
            if equals(p, s, "x-forwarded-proto") { return .forwardedProto }
            return .ordinary
        case 19: return equals(p, s, "proxy-authorization") ? .proxyAuthorization : .ordinary
        default: return .ordinary
        }
    }

    @inline(__always)
    static func copyField(_ p: UnsafeRawBufferPointer, _ f: HTTPField, into w: inout ByteWriter) {
        w.write(UnsafeRawBufferPointer(rebasing: p[f.name]))
        w.write(": ")
        w.write(UnsafeRawBufferPointer(rebasing: p[f.value]))
        w.write("\r\n")
    }

    /// The request head for the upstream, written to `w` (check `w.overflowed`).
    static func request(_ head: RequestHead, _ fwd: Forwarding, into w: inout ByteWriter) {
        var sawHost = false, sawProto = false, sawFHost = false, sawPort = false
        head.bytes.withUnsafeBytes { p in
            let hasConnectionOptions = head.fields.contains { $0.name.count == 10 && equals(p, $0.name.lowerBound, "connection") }
            w.write(UnsafeRawBufferPointer(rebasing: p[head.methodRange]))
            w.write(0x20)
            if head.targetForm == .absolute {
                // Origin servers get origin-form (RFC 9112 §3.2.1).
                if head.pathRange.isEmpty { w.write(0x2F) } else {
                    w.write(UnsafeRawBufferPointer(rebasing: p[head.pathRange]))
                }
                if let q = head.queryRange {
                    w.write(0x3F)
                    w.write(UnsafeRawBufferPointer(rebasing: p[q]))
                }
            } else {
                w.write(UnsafeRawBufferPointer(rebasing: p[head.targetRange]))
            }
            w.write(" HTTP/1.1\r\n")
            for f in head.fields {
                switch classify(p, f.name) {
                case .hopByHop, .proxyAuthorization, .forwardedFor, .requestID:
                    continue
                case .forwardedProto:
                    guard fwd.keepIncomingForwarded else { continue }
                    sawProto = true
                case .forwardedHost:
                    guard fwd.keepIncomingForwarded else { continue }
                    sawFHost = true
                case .forwardedPort:
                    guard fwd.keepIncomingForwarded else { continue }
                    sawPort = true
                case .host:
                    sawHost = true
                case .traceParent, .traceState:
                    // W3C Trace Context §3.3: an invalid traceparent goes, and its tracestate with it.
                    if fwd.startedTrace != nil { continue }
                case .ordinary, .transferEncoding:
                    break
                }
                if hasConnectionOptions && head.connectionListsOption(p.baseAddress!, f.name.lowerBound, f.name.count) {
                    continue
                }
                copyField(p, f, into: &w)
            }
        }
        if !sawHost, !fwd.host.isEmpty { w.write("host: "); w.write(fwd.host); w.write("\r\n") }
        w.write("x-forwarded-for: "); w.write(fwd.forwardedFor); w.write("\r\n")
        if !sawProto { w.write("x-forwarded-proto: "); w.write(fwd.proto); w.write("\r\n") }
        if !sawFHost, !fwd.host.isEmpty { w.write("x-forwarded-host: "); w.write(fwd.host); w.write("\r\n") }
        if !sawPort { w.write("x-forwarded-port: "); w.write(fwd.port); w.write("\r\n") }
        w.write("x-request-id: ")
        fwd.requestID.write(to: &w)
        w.write("\r\n")
        if let t = fwd.startedTrace {
            w.write("traceparent: ")
            t.write(to: &w)
            w.write("\r\n")
        }
        if let u = fwd.upgrade {
            w.write("connection: upgrade\r\nupgrade: ")
            w.write(u)
            w.write("\r\n")
        }
        w.write("\r\n")
    }

    /// The response head for the client, written to `w` (check `w.overflowed`). `close`
    /// adds `Connection: close`; a 101 keeps its Upgrade and gets `Connection: upgrade`.
    static func response(_ head: ResponseHead, close: Bool, keepAliveFor10: Bool = false, dropTransferEncoding: Bool = false,
                         requestID: RequestIDValue? = nil, into w: inout ByteWriter) {
        let switching = head.status == 101
        var sawRequestID = false
        head.bytes.withUnsafeBytes { p in
            let hasConnectionOptions = head.fields.contains { $0.name.count == 10 && equals(p, $0.name.lowerBound, "connection") }
            w.write("HTTP/1.1 ")
            let s = head.status
            w.write(UInt8(0x30 + s / 100))
            w.write(UInt8(0x30 + (s / 10) % 10))
            w.write(UInt8(0x30 + s % 10))
            w.write(0x20)
            w.write(UnsafeRawBufferPointer(rebasing: p[head.reasonRange]))
            w.write("\r\n")
            for f in head.fields {
                let c = classify(p, f.name)
                if c == .requestID { sawRequestID = true }
                if c == .hopByHop {
                    // A 101 keeps Upgrade: the client must see which protocol it switched to.
                    guard switching, f.name.count == 7, equals(p, f.name.lowerBound, "upgrade") else { continue }
                } else if c == .transferEncoding && dropTransferEncoding {
                    continue
                } else if hasConnectionOptions && head.connectionListsOption(p.baseAddress!, f.name.lowerBound, f.name.count) {
                    continue
                }
                copyField(p, f, into: &w)
            }
        }
        // The client gets the id its request was logged and forwarded with, unless the
        // backend answered with its own.
        if let requestID, !sawRequestID, !requestID.isEmpty {
            w.write("x-request-id: ")
            requestID.write(to: &w)
            w.write("\r\n")
        }
        if switching {
            w.write("connection: upgrade\r\n")
        } else if close {
            w.write("connection: close\r\n")
        } else if keepAliveFor10 {
            // An HTTP/1.0 client keeps the connection only when told so (RFC 9112 §9.3).
            w.write("connection: keep-alive\r\n")
        }
        w.write("\r\n")
    }

    // MARK: - Array conveniences (tests)

    static func request(_ head: RequestHead, _ fwd: Forwarding, into out: inout [UInt8]) {
        out += ByteWriter.collect { request(head, fwd, into: &$0) }
    }

    static func response(_ head: ResponseHead, close: Bool, keepAliveFor10: Bool = false, dropTransferEncoding: Bool = false,
                         into out: inout [UInt8]) {
        out += ByteWriter.collect {
            response(head, close: close, keepAliveFor10: keepAliveFor10, dropTransferEncoding: dropTransferEncoding, into: &$0)
        }
    }
}
