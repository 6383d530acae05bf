import HTTP1
import Reactor
import Routing
import Telemetry
import Testing
@testable import DataPlane

@Test("CIDR blocks contain exactly their addresses",
      arguments: [("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
                  ("192.168.1.7", "192.168.1.7", true), ("192.168.1.7", "192.168.1.8", false),
                  ("0.0.0.0/0", "8.8.8.8", true), ("fd00::/8", "fd12::1", true), ("fd00::/8", "fe80::1", false),
                  ("127.0.0.0/8", "::ffff:127.0.0.1", true), ("::1/128", "127.0.0.1", false)])
func cidrContainment(block: String, address: String, expected: Bool) throws {
    let cidr = try CIDR(parsing: block)
    let a = try SocketAddress(host: address, port: 0)
    #expect(cidr.contains(a.addressBytes) == expected)
}

@Test("Malformed CIDRs are refused", arguments: ["10.0.0.0/33", "10.0.0/8", "x/8", "::/129", "10.0.0.0/", ""])
func malformedCIDR(text: String) {
    #expect(throws: CIDR.ParseError.self) { try CIDR(parsing: text) }
}

@Test func cidrNormalizesHostBits() throws {
    #expect(try CIDR(parsing: "10.1.2.3/8").description == "10.0.0.0/8")
}

private let trusted = [try! CIDR(parsing: "10.0.0.0/8"), try! CIDR(parsing: "127.0.0.1")]

@Test("The client is the right-most untrusted X-Forwarded-For entry, and only via a trusted peer",
      arguments: [
        ("127.0.0.1", ["1.1.1.1"], "1.1.1.1", "1.1.1.1, 127.0.0.1"),
        ("127.0.0.1", ["6.6.6.6, 1.1.1.1, 10.0.0.5"], "1.1.1.1", "6.6.6.6, 1.1.1.1, 10.0.0.5, 127.0.0.1"),
        ("127.0.0.1", ["6.6.6.6", "10.1.1.1"], "6.6.6.6", "6.6.6.6, 10.1.1.1, 127.0.0.1"),
        ("8.8.8.8", ["1.1.1.1"], "8.8.8.8", "8.8.8.8"),
        ("127.0.0.1", [], "127.0.0.1", "127.0.0.1"),
        ("127.0.0.1", ["10.0.0.1, 10.0.0.2"], "10.0.0.1", "10.0.0.1, 10.0.0.2, 127.0.0.1"),
        ("127.0.0.1", ["garbage, 1.1.1.1"], "1.1.1.1", "garbage, 1.1.1.1, 127.0.0.1"),
      ])
func clientAddressResolution(peer: String, incoming: [String], client: String, forwarded: String) throws {
    let bytes = try SocketAddress(host: peer, port: 0).addressBytes
    let r = ClientAddress.resolve(peer: peer, peerBytes: bytes, incoming: incoming, trusted: trusted)
    #expect(r.client == client)
    #expect(r.forwardedFor == forwarded)
}

@Test func smoothWeightedRoundRobinInterleavesByWeight() {
    var rr = WeightedRoundRobin(weights: [5, 1, 1])
    let picks = (0..<7).compactMap { _ in rr.next() }
    #expect(picks == [0, 0, 1, 0, 2, 0, 0], "nginx's smooth sequence for 5:1:1")
}

@Test func roundRobinSkipsExcludedEndpointsAndEndsWhenAllAreTried() {
    var rr = WeightedRoundRobin(weights: [1, 1, 1])
    #expect(rr.next(excluding: [0]) == 1)
    #expect(rr.next(excluding: [0, 2]) == 1)
    #expect(rr.next(excluding: [0, 1, 2]) == nil)
    var empty = WeightedRoundRobin(weights: [])
    #expect(empty.next() == nil)
}

@Test("Request ids are kept only when sane",
      arguments: [("abc-123", true), ("550e8400-e29b-41d4-a716-446655440000", true), ("a/b+c=d.e:f_g", true),
                  ("", false), ("has space", false), ("quote\"", false), (String(repeating: "a", count: 129), false),
                  ("tab\t", false), ("ünïcode", false)])
func requestIDSanity(id: String, sane: Bool) {
    #expect(RequestID.isSane(Array(id.utf8)) == sane)
}

@Test func generatedRequestIDsAreUniqueHex() {
    var g = RequestIDGenerator()
    let ids = (0..<1000).map { _ in g.make() }
    #expect(Set(ids).count == 1000)
    #expect(ids.allSatisfy { $0.count == 32 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } })
}

private func parse(_ text: String) throws -> RequestHead {
    var p = RequestHeadParser()
    return try p.parse(Array(text.utf8))!
}

private let forwarding = HeadRewriter.Forwarding(forwardedFor: "1.2.3.4", proto: "http", host: ArraySlice("example.test".utf8),
                                                 port: "8080", requestID: RequestIDValue(text: "rid"), keepIncomingForwarded: false, upgrade: nil)

@Test func theForwardedRequestDropsHopByHopFieldsAndAddsForwardingOnes() throws {
    let head = try parse("GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\nConnection: keep-alive, X-Drop\r\nX-Drop: 1\r\nKeep-Alive: 5\r\nTE: trailers\r\nProxy-Authorization: x\r\nX-Forwarded-For: 6.6.6.6\r\nX-Request-ID: old\r\nAccept: */*\r\n\r\n")
    var out: [UInt8] = []
    HeadRewriter.request(head, forwarding, into: &out)
    #expect(String(decoding: out, as: UTF8.self) == "GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\nx-forwarded-for: 1.2.3.4\r\nx-forwarded-proto: http\r\nx-forwarded-host: example.test\r\nx-forwarded-port: 8080\r\nx-request-id: rid\r\n\r\n")
}

@Test func theForwardedRequestKeepsItsFramingFieldsAndUsesOriginForm() throws {
    let head = try parse("POST http://example.test/up HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n")
    var out: [UInt8] = []
    HeadRewriter.request(head, forwarding, into: &out)
    let text = String(decoding: out, as: UTF8.self)
    #expect(text.hasPrefix("POST /up HTTP/1.1\r\n"))
    #expect(text.contains("Transfer-Encoding: chunked\r\n"))
}

@Test func anUpgradeRequestKeepsItsUpgradeAndConnectionOption() throws {
    let head = try parse("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
    var f = forwarding
    f.upgrade = head.upgradeRange.map { head.bytes[$0] }
    var out: [UInt8] = []
    HeadRewriter.request(head, f, into: &out)
    let text = String(decoding: out, as: UTF8.self)
    #expect(text.contains("connection: upgrade\r\nupgrade: websocket\r\n"))
}

@Test func theClientResponseDropsHopByHopFieldsAndSaysCloseWhenAsked() throws {
    var p = ResponseHeadParser()
    let head = try p.parse(Array("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\nX-App: 1\r\n\r\n".utf8), requestMethod: .get)!
    var out: [UInt8] = []
    HeadRewriter.response(head, close: true, into: &out)
    #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-App: 1\r\nconnection: close\r\n\r\n")
}

@Test("Body progress finds where a body ends in any split of its bytes",
      arguments: [1, 2, 3, 7, 100])
func bodyProgressAcrossSplits(split: Int) throws {
    let body = Array("5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n".utf8)
    let next = Array("GET / HTTP/1.1\r\n".utf8)
    let all = body + next
    var p = BodyProgress(.chunked, limits: HTTPParserLimits())
    var consumed = 0, payload = 0
    while !p.isDone && consumed < all.count {
        let end = min(all.count, consumed + split)
        let n = try all[consumed..<end].withUnsafeBytes { try p.advance($0, payload: &payload) }
        consumed += n
    }
    #expect(p.isDone)
    #expect(consumed == body.count, "the next request's bytes are not taken")
    #expect(payload == 8)
}

@Test func aContentLengthBodyEndsAtItsLength() throws {
    var p = BodyProgress(.contentLength(10), limits: HTTPParserLimits())
    let bytes = [UInt8](repeating: 1, count: 25)
    let n = try bytes.withUnsafeBytes { try p.advance(UnsafeRawBufferPointer(rebasing: $0[0..<6])) }
    let m = try bytes.withUnsafeBytes { try p.advance(UnsafeRawBufferPointer(rebasing: $0[6...])) }
    #expect(n == 6 && m == 4 && p.isDone)
}

@Test func errorPagesAreShortTextWithTheRequestID() {
    let text = String(decoding: ErrorResponse.error(status: 502, message: "could not connect", requestID: "r1", close: true), as: UTF8.self)
    #expect(text.hasPrefix("HTTP/1.1 502 Bad Gateway\r\n"))
    #expect(text.contains("x-request-id: r1\r\n"))
    #expect(text.contains("connection: close\r\n"))
    #expect(text.hasSuffix("\r\n\r\n502 Bad Gateway: could not connect (request id r1)\n"))
    let head = String(decoding: ErrorResponse.error(status: 404, message: "m", requestID: nil, close: false, headOnly: true), as: UTF8.self)
    #expect(head.hasSuffix("\r\n\r\n"))
}

@Test func accessLogLinesAreJSONWithRFC3339Times() {
    var b: [UInt8] = []
    AccessLog.appendRFC3339(&b, ns: 1_700_000_000_123_000_000)
    #expect(String(decoding: b, as: UTF8.self) == "2023-11-14T22:13:20.123Z")
    var s: [UInt8] = []
    AccessLog.appendJSONString(&s, "a\"b\\c\nd")
    #expect(String(decoding: s, as: UTF8.self) == "\"a\\\"b\\\\c\\u000ad\"")
    var m: [UInt8] = []
    AccessLog.appendMillis(&m, 1_234_567)
    #expect(String(decoding: m, as: UTF8.self) == "1.234")
}

@Test func countersMergeAcrossWorkers() {
    var a = WorkerCounters(), b = WorkerCounters()
    a.requests = 2; b.requests = 3
    a.count(status: 200); b.count(status: 503)
    b.count(error: ProxyError(.noEndpoints, source: .internal))
    a.merge(b)
    #expect(a.requests == 5 && a.responsesByClass[2] == 1 && a.responsesByClass[5] == 1)
    #expect(a.errors["no_endpoints"] == 1)
    let errors = a.metricFamilies.first { $0.name == "portico_proxy_errors_total" }
    #expect(errors?.samples.first?.value == .count(1))
}

@Test("Proxy errors map to their statuses",
      arguments: [(ProxyError.Kind.noRoute, 404), (.noEndpoints, 503), (.connectFailed, 502), (.upstreamTimeout, 504),
                  (.badUpstreamResponse, 502), (.upstreamClosed, 502), (.clientTimeout, 408)])
func proxyErrorStatus(kind: ProxyError.Kind, status: Int) {
    #expect(ProxyError(kind, source: .upstream).status == status)
}

@Test func theBalancerKeepsRoundRobinStateAcrossSnapshotsWithTheSameEndpoints() {
    var lb = LoadBalancer()
    let eps = [Endpoint(host: "127.0.0.1", port: 1), Endpoint(host: "127.0.0.1", port: 2)]
    var s1 = CatchAllSnapshot.make(endpoints: [])
    s1.backends[0].endpoints = eps
    s1.generation = 1
    let first = lb.balance(for: 0, in: s1).roundRobin.next()
    var s2 = s1
    s2.generation = 2
    let b2 = lb.balance(for: 0, in: s2)
    #expect(first == 0)
    #expect(b2.roundRobin.next() == 1, "the position survived the swap")
    var s3 = s2
    s3.generation = 3
    s3.backends[0].endpoints = [eps[1]]
    #expect(lb.balance(for: 0, in: s3).endpoints == [eps[1]], "a changed endpoint list resets the state")
}
