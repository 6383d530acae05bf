import HTTP1
import Routing

/// What a TLS host's route asks of the connection before proxying: redirect plain HTTP,
/// and the HSTS field to add over HTTPS. Made once per route and snapshot (cached).
struct SecureRoutePolicy {
    /// Answer plain-HTTP requests with 308 to the HTTPS URL (`ssl-redirect`).
    var sslRedirect: Bool
    /// `strict-transport-security: ...\r\n`, ready to splice into a response head; nil for none.
    var hstsField: [UInt8]?

    /// The policy for a matched route, or nil when its host has no TLS (nothing to do).
    init?(virtualHost: VirtualHost, policies: RoutePolicies) {
        guard virtualHost.tlsSecret != nil, policies.sslRedirect || policies.hsts != nil else { return nil }
        sslRedirect = policies.sslRedirect
        hstsField = policies.hsts.map { Array("strict-transport-security: \($0.headerValue)\r\n".utf8) }
    }
}

/// The 308 a plain-HTTP request to a TLS host gets, and the HSTS field for HTTPS heads.
enum SSLRedirect {
    /// `https://host[:port]/path?query` for a request (RFC 9110 §4.2.2): the Host's name
    /// without its port, the HTTPS listener's port unless it is 443, the target's path and
    /// query as received. Nil when the request names no host (nothing to redirect to).
    static func location(_ head: RequestHead, httpsPort: String) -> String? {
        guard var host = head.host, !host.isEmpty else { return nil }
        host = hostWithoutPort(host)
        guard !host.isEmpty else { return nil }
        var path = head.path
        if path.isEmpty { path = "/" }
        var url = "https://" + host
        if httpsPort != "443" { url += ":" + httpsPort }
        url += path
        if let q = head.query { url += "?" + q }
        return url
    }

    /// `example.com:8080` → `example.com`; `[::1]:80` → `[::1]`; bare names unchanged.
    static func hostWithoutPort(_ host: String) -> String {
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return host }
            return String(host[...close])
        }
        guard let colon = host.lastIndex(of: ":") else { return host }
        return String(host[..<colon])
    }

    /// The complete 308 response (RFC 9110 §15.4.9: keeps the method and body, unlike 301).
    static func response(location: String, requestID: String?, close: Bool, headOnly: Bool) -> [UInt8] {
        var head = "HTTP/1.1 308 Permanent Redirect\r\nlocation: \(location)\r\n"
        let body = "308 Permanent Redirect: this host is served over HTTPS at \(location)\n"
        head += "content-type: text/plain; charset=utf-8\r\ncontent-length: \(body.utf8.count)\r\n"
        if let requestID { head += "x-request-id: \(requestID)\r\n" }
        if close { head += "connection: close\r\n" }
        head += "\r\n"
        var out = Array(head.utf8)
        if !headOnly { out += Array(body.utf8) }
        return out
    }

    static let crlf: [UInt8] = [13, 10]
}
