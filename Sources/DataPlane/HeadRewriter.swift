import HTTP1

/// Builds the heads the proxy forwards: hop-by-hop fields removed (RFC 9110 §7.6.1), the
/// X-Forwarded-* set and X-Request-ID, framing fields kept since the body bytes are
/// forwarded as received.
enum HeadRewriter {
    /// What the proxy adds to a forwarded request.
    struct Forwarding {
        var forwardedFor: String
        var proto: String
        var host: String
        var port: String
        var requestID: String
        /// Keep the incoming X-Forwarded-Proto/Host/Port (the peer is a trusted proxy).
        var keepIncomingForwarded: Bool
        /// The Upgrade value to pass on (WebSocket), nil for ordinary requests.
        var upgrade: String?
    }

    private static let replacedOnRequest: [String] = ["x-forwarded-for", "x-request-id"]
    private static let forwardedTriple: [String] = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"]

    /// Whether the field named by `range` in `head` is one of `names` (any case).
    static func nameIs(_ head: some HTTPMessageHead, _ f: HTTPField, oneOf names: [String]) -> Bool {
        let r = f.name
        return head.bytes.withUnsafeBytes { b in
            names.contains { n in
                n.utf8.count == r.count && zip(n.utf8, b[r]).allSatisfy { $0 == ($1 | (($1 >= 0x41 && $1 <= 0x5A) ? 0x20 : 0)) }
            }
        }
    }

    /// Hop-by-hop (fixed set or listed in Connection), except Transfer-Encoding: the body
    /// bytes are forwarded as received, so their framing field goes with them.
    static func isHopByHop(_ head: some HTTPMessageHead, _ f: HTTPField) -> Bool {
        if f.name.count == 17 && nameIs(head, f, oneOf: ["transfer-encoding"]) { return false }
        return HopByHop.isHopByHop(f, in: head)
    }

    /// The request head for the upstream, appended to `out`.
    static func request(_ head: RequestHead, _ fwd: Forwarding, into out: inout [UInt8]) {
        let bytes = head.bytes
        out += bytes[head.methodRange]
        out.append(0x20)
        if head.targetForm == .absolute {
            // Origin servers get origin-form (RFC 9112 §3.2.1).
            out += head.pathRange.isEmpty ? [0x2F] : Array(bytes[head.pathRange])
            if let q = head.queryRange { out.append(0x3F); out += bytes[q] }
        } else {
            out += bytes[head.targetRange]
        }
        out += Array(" HTTP/1.1\r\n".utf8)
        var sawHost = false
        for f in head.fields {
            if isHopByHop(head, f) || nameIs(head, f, oneOf: replacedOnRequest) { continue }
            if nameIs(head, f, oneOf: ["proxy-authorization"]) { continue }
            if nameIs(head, f, oneOf: forwardedTriple) && !fwd.keepIncomingForwarded { continue }
            if nameIs(head, f, oneOf: ["host"]) { sawHost = true }
            out += bytes[f.name]
            out += [0x3A, 0x20]
            out += bytes[f.value]
            out += [0x0D, 0x0A]
        }
        if !sawHost, !fwd.host.isEmpty { append(&out, "host", fwd.host) }
        append(&out, "x-forwarded-for", fwd.forwardedFor)
        if !(fwd.keepIncomingForwarded && head.contains(name: "x-forwarded-proto")) { append(&out, "x-forwarded-proto", fwd.proto) }
        if !(fwd.keepIncomingForwarded && head.contains(name: "x-forwarded-host")), !fwd.host.isEmpty { append(&out, "x-forwarded-host", fwd.host) }
        if !(fwd.keepIncomingForwarded && head.contains(name: "x-forwarded-port")) { append(&out, "x-forwarded-port", fwd.port) }
        append(&out, "x-request-id", fwd.requestID)
        if let u = fwd.upgrade {
            append(&out, "connection", "upgrade")
            append(&out, "upgrade", u)
        }
        out += [0x0D, 0x0A]
    }

    /// The response head for the client, appended to `out`. `close` adds `Connection: close`;
    /// a 101 keeps its Upgrade and gets `Connection: upgrade`.
    static func response(_ head: ResponseHead, close: Bool, into out: inout [UInt8]) {
        let bytes = head.bytes
        out += Array("HTTP/1.1 \(head.status) ".utf8)
        out += bytes[head.reasonRange]
        out += [0x0D, 0x0A]
        let switching = head.status == 101
        for f in head.fields {
            if switching && nameIs(head, f, oneOf: ["upgrade"]) {
                // kept: the client must see which protocol it switched to
            } else if isHopByHop(head, f) {
                continue
            }
            out += bytes[f.name]
            out += [0x3A, 0x20]
            out += bytes[f.value]
            out += [0x0D, 0x0A]
        }
        if switching {
            append(&out, "connection", "upgrade")
        } else if close {
            append(&out, "connection", "close")
        }
        out += [0x0D, 0x0A]
    }

    static func append(_ out: inout [UInt8], _ name: String, _ value: String) {
        out += Array(name.utf8)
        out += [0x3A, 0x20]
        out += Array(value.utf8)
        out += [0x0D, 0x0A]
    }
}
