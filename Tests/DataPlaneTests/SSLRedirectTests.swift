import HTTP1
import Routing
import Testing
@testable import DataPlane

private func head(_ text: String) throws -> RequestHead {
    var p = RequestHeadParser()
    return try #require(try p.parse(Array(text.utf8)))
}

@Test("The 308 Location keeps the path and query, drops the Host's port and adds the HTTPS listener's", arguments: [
    ("GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: shop.test\r\n\r\n", "8443", "https://shop.test:8443/a/b?x=1&y=2"),
    ("GET / HTTP/1.1\r\nHost: shop.test:8080\r\n\r\n", "443", "https://shop.test/"),
    ("GET /p? HTTP/1.1\r\nHost: shop.test\r\n\r\n", "443", "https://shop.test/p?"),
    ("GET /v6 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "8443", "https://[::1]:8443/v6"),
    ("GET http://shop.test/abs?q HTTP/1.1\r\nHost: shop.test\r\n\r\n", "443", "https://shop.test/abs?q"),
    ("GET /%2e%2e/x HTTP/1.1\r\nHost: shop.test\r\n\r\n", "443", "https://shop.test/%2e%2e/x"),
])
func redirectLocation(request: String, httpsPort: String, expected: String) throws {
    #expect(SSLRedirect.location(try head(request), httpsPort: httpsPort) == expected)
}

@Test func aRequestWithoutAHostIsNotRedirected() throws {
    #expect(SSLRedirect.location(try head("GET / HTTP/1.0\r\n\r\n"), httpsPort: "443") == nil)
}

@Test func theRedirectResponseIsAComplete308WithABodyExceptForHEAD() throws {
    let full = String(decoding: SSLRedirect.response(location: "https://a.test/", requestID: "r1", close: false, headOnly: false), as: UTF8.self)
    #expect(full.hasPrefix("HTTP/1.1 308 Permanent Redirect\r\nlocation: https://a.test/\r\n"))
    #expect(full.contains("x-request-id: r1\r\n"))
    #expect(!full.contains("connection: close"))
    let bytes = Array(full.utf8)
    let end = try #require((0..<(bytes.count - 3)).first { bytes[$0..<($0 + 4)] == [13, 10, 13, 10] }) + 4
    #expect(full.contains("content-length: \(bytes.count - end)\r\n"))
    let head = String(decoding: SSLRedirect.response(location: "https://a.test/", requestID: nil, close: true, headOnly: true), as: UTF8.self)
    #expect(head.hasSuffix("connection: close\r\n\r\n"))
}

@Test("Route policies become HTTPS work only for hosts with TLS", arguments: [
    (true, true, nil as HSTSPolicy?, true, false),
    (true, false, HSTSPolicy(maxAge: 60), true, true),
    (true, false, nil, false, false),
    (false, true, HSTSPolicy(maxAge: 60), false, false),
])
func securePolicy(hasTLS: Bool, redirect: Bool, hsts: HSTSPolicy?, expectPolicy: Bool, expectHSTS: Bool) {
    let host = VirtualHost(name: "a.test", tlsSecret: hasTLS ? ObjectRef(kind: "Secret", namespace: "d", name: "s") : nil)
    let policy = SecureRoutePolicy(virtualHost: host, policies: RoutePolicies(sslRedirect: redirect, hsts: hsts))
    #expect((policy != nil) == expectPolicy)
    #expect((policy?.hstsField != nil) == expectHSTS)
    if expectHSTS { #expect(policy?.hstsField == Array("strict-transport-security: max-age=60\r\n".utf8)) }
}

@Test("Upstream SNI uses only DNS names, never IP literals", arguments: [
    ("api.example.com", true), ("10.0.0.1", false), ("fd00::1", false), ("::ffff:10.0.0.1", false), ("", false),
])
func upstreamServerNames(host: String, isName: Bool) {
    #expect(UpstreamTLSTarget.isDNSName(host) == isName)
}
