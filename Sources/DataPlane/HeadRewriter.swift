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
        case 10: return equals(p, s, "connection") || equals(p, s, "keep-alive") ? .hopByHop : .ordinary
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
    static func copyField(_ p: UnsafeRawBufferPointer, _ f: HTTPField, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[f.name]))
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[f.value]))
        out.append(0x0D)
        out.append(0x0A)
    }

    /// The request head for the upstream, appended to `out`.
    static func request(_ head: RequestHead, _ fwd: Forwarding, into out: inout [UInt8]) {
        let hasConnectionOptions = head.bytes.withUnsafeBytes { p in
            head.fields.contains { $0.name.count == 10 && equals(p, $0.name.lowerBound, "connection") }
        }
        var sawHost = false, sawProto = false, sawFHost = false, sawPort = false
        head.bytes.withUnsafeBytes { p in
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[head.methodRange]))
            out.append(0x20)
            if head.targetForm == .absolute {
                // Origin servers get origin-form (RFC 9112 §3.2.1).
                if head.pathRange.isEmpty { out.append(0x2F) } else {
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[head.pathRange]))
                }
                if let q = head.queryRange {
                    out.append(0x3F)
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[q]))
                }
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[head.targetRange]))
            }
            out.append(contentsOf: " HTTP/1.1\r\n".utf8)
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
                case .ordinary, .transferEncoding:
                    break
                }
                if hasConnectionOptions && head.connectionListsOption(p.baseAddress!, f.name.lowerBound, f.name.count) {
                    continue
                }
                copyField(p, f, into: &out)
            }
        }
        if !sawHost, !fwd.host.isEmpty { append(&out, "host", fwd.host) }
        append(&out, "x-forwarded-for", fwd.forwardedFor)
        if !sawProto { append(&out, "x-forwarded-proto", fwd.proto) }
        if !sawFHost, !fwd.host.isEmpty { append(&out, "x-forwarded-host", fwd.host) }
        if !sawPort { append(&out, "x-forwarded-port", fwd.port) }
        out.append(contentsOf: "x-request-id: ".utf8)
        fwd.requestID.append(to: &out)
        out.append(0x0D)
        out.append(0x0A)
        if let u = fwd.upgrade {
            append(&out, "connection", "upgrade")
            append(&out, "upgrade", u)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// The response head for the client, appended to `out`. `close` adds `Connection: close`;
    /// a 101 keeps its Upgrade and gets `Connection: upgrade`.
    static func response(_ head: ResponseHead, close: Bool, keepAliveFor10: Bool = false, dropTransferEncoding: Bool = false,
                         into out: inout [UInt8]) {
        let switching = head.status == 101
        head.bytes.withUnsafeBytes { p in
            let hasConnectionOptions = head.fields.contains { $0.name.count == 10 && equals(p, $0.name.lowerBound, "connection") }
            out.append(contentsOf: "HTTP/1.1 ".utf8)
            let s = head.status
            out.append(UInt8(0x30 + s / 100))
            out.append(UInt8(0x30 + (s / 10) % 10))
            out.append(UInt8(0x30 + s % 10))
            out.append(0x20)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[head.reasonRange]))
            out.append(0x0D)
            out.append(0x0A)
            for f in head.fields {
                let c = classify(p, f.name)
                if c == .hopByHop {
                    // A 101 keeps Upgrade: the client must see which protocol it switched to.
                    guard switching, f.name.count == 7, equals(p, f.name.lowerBound, "upgrade") else { continue }
                } else if c == .transferEncoding && dropTransferEncoding {
                    continue
                } else if hasConnectionOptions && head.connectionListsOption(p.baseAddress!, f.name.lowerBound, f.name.count) {
                    continue
                }
                copyField(p, f, into: &out)
            }
        }
        if switching {
            append(&out, "connection", "upgrade")
        } else if close {
            append(&out, "connection", "close")
        } else if keepAliveFor10 {
            // An HTTP/1.0 client keeps the connection only when told so (RFC 9112 §9.3).
            append(&out, "connection", "keep-alive")
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    static func append(_ out: inout [UInt8], _ name: StaticString, _ value: String) {
        out.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: value.utf8)
        out.append(0x0D)
        out.append(0x0A)
    }

    static func append(_ out: inout [UInt8], _ name: StaticString, _ value: ArraySlice<UInt8>) {
        out.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: value)
        out.append(0x0D)
        out.append(0x0A)
    }
}
