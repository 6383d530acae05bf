import Routing

/// The snapshot as JSON for `/debug/snapshot`, written by hand so Reconciler stays free
/// of Foundation. Certificates appear by Secret and expiry only, never their PEM.
/// Deterministic: hosts and keys in a fixed order.
public enum SnapshotJSON {
    public static func render(_ s: RoutingSnapshot) -> String {
        var out = "{"
        out += "\"generation\":\(s.generation),"
        out += "\"hosts\":["
        var hosts = s.hosts.keys.sorted().compactMap { s.hosts[$0] }
        hosts += s.wildcardHosts.keys.sorted().compactMap { s.wildcardHosts[$0] }
        if let d = s.defaultHost { hosts.append(d) }
        out += hosts.map { host($0) }.joined(separator: ",")
        out += "],\"backends\":["
        out += s.backends.map { b in
            "{\"name\":\(q(b.name.description)),\"protocol\":\(q(b.upstreamProtocol.rawValue)),\"endpoints\":["
                + b.endpoints.map { q($0.description) }.joined(separator: ",") + "]}"
        }.joined(separator: ",")
        out += "],\"tls\":{\"certificates\":["
        var certs = s.tls.exact.keys.sorted().map { ($0, s.tls.exact[$0]!) }
        certs += s.tls.wildcard.keys.sorted().map { ("*" + $0, s.tls.wildcard[$0]!) }
        out += certs.map { name, c in
            "{\"host\":\(q(name)),\"secret\":\(q("\(c.secret.namespace)/\(c.secret.name)")),\"notAfter\":\(c.notAfter)}"
        }.joined(separator: ",")
        out += "],\"default\":"
        out += s.tls.defaultCertificate.map { q("\($0.secret.namespace)/\($0.secret.name)") } ?? "null"
        out += "},\"warnings\":["
        out += s.warnings.map { w in
            "{\"object\":\(q(w.object.description)),\"field\":\(q(w.field)),\"reason\":\(q(w.reason)),\"message\":\(q(w.message))}"
        }.joined(separator: ",")
        out += "]}"
        return out
    }

    private static func host(_ vh: VirtualHost) -> String {
        var out = "{\"name\":\(q(vh.name)),\"tlsSecret\":"
        out += vh.tlsSecret.map { q("\($0.namespace)/\($0.name)") } ?? "null"
        out += ",\"routes\":["
        out += vh.routes.map { r in
            var s = "{\"type\":\(q(r.match.typeName)),\"path\":\(q(r.match.value)),\"backend\":"
            s += r.backend.map(String.init) ?? "null"
            s += ",\"source\":\(q(r.source.description)),\"sslRedirect\":\(r.policies.sslRedirect)"
            s += ",\"hsts\":" + (r.policies.hsts.map { q($0.headerValue) } ?? "null") + "}"
            return s
        }.joined(separator: ",")
        return out + "]}"
    }

    /// A JSON string literal (RFC 8259 section 7).
    static func q(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
