import DataPlane
import Foundation
import Reactor
import Routing
import Telemetry
import Testing

private func json(_ r: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
}

private func headers(_ r: TestResponse) -> [String: String] {
    json(r)["headers"] as? [String: String] ?? [:]
}

@Suite(.serialized)
struct ProxyBasicsTests {
    @Test func aRequestReachesTheEchoBackendWithForwardedHeadersAndARequestID() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/hello?x=1", extra: "Connection: keep-alive, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: 5\r\n"))
        let r = try c.readResponse()
        #expect(r.status == 200)
        let j = json(r)
        #expect(j["path"] as? String == "/hello")
        #expect(j["query"] as? String == "x=1")
        let hs = headers(r)
        #expect(hs["x-forwarded-for"] == "127.0.0.1")
        #expect(hs["x-forwarded-proto"] == "http")
        #expect(hs["x-forwarded-host"] == "example.test")
        #expect(hs["x-forwarded-port"] == String(h.proxy.httpAddress.port))
        #expect(hs["x-request-id"]?.count == 32)
        #expect(hs["x-secret"] == nil, "fields named in Connection are hop-by-hop")
        #expect(hs["keep-alive"] == nil && hs["connection"] == nil)
    }

    @Test func aSaneIncomingRequestIDIsKeptAndAnInsaneOneReplaced() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/", extra: "X-Request-ID: trace-123_abc\r\n"))
        #expect(headers(try c.readResponse())["x-request-id"] == "trace-123_abc")
        try c.send(get("/", extra: "X-Request-ID: bad id \"quoted\"\r\n"))
        let id = headers(try c.readResponse())["x-request-id"]
        #expect(id != nil && id != "bad id \"quoted\"" && id?.count == 32)
    }

    @Test func forwardedForFromAnUntrustedPeerIsReplacedAndFromATrustedOneExtended() throws {
        let untrusted = try Harness()
        defer { untrusted.stop() }
        let c1 = try untrusted.client()
        try c1.send(get("/", extra: "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n"))
        let h1 = headers(try c1.readResponse())
        #expect(h1["x-forwarded-for"] == "127.0.0.1")
        #expect(h1["x-forwarded-proto"] == "http")

        let trusted = try Harness { $0.trustedProxies = [try! CIDR(parsing: "127.0.0.0/8")] }
        defer { trusted.stop() }
        let c2 = try trusted.client()
        try c2.send(get("/", extra: "X-Forwarded-For: 6.6.6.6, 10.0.0.1\r\nX-Forwarded-Proto: https\r\n"))
        let h2 = headers(try c2.readResponse())
        #expect(h2["x-forwarded-for"] == "6.6.6.6, 10.0.0.1, 127.0.0.1")
        #expect(h2["x-forwarded-proto"] == "https")
    }

    @Test func routingAnswers404WithoutARouteAnd503WithoutEndpointsAnd502WhenNothingListens() throws {
        let h = try Harness()
        defer { h.stop() }
        // A port that refuses connections: bind, learn the port, close.
        let fd = try TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:0"), reusePort: false)
        let dead = try TCPSocket.localAddress(fd)
        Syscall.close(fd)
        h.store.publish(Harness.snapshot(hosts: [
            "ok.test": [("/", [h.echoes[0].address])],
            "empty.test": [("/", [])],
            "dead.test": [("/", [dead])],
        ]))
        let c = try h.client()
        try c.send(get("/", host: "nowhere.test"))
        let r404 = try c.readResponse()
        #expect(r404.status == 404)
        #expect(r404.text.contains("request id"))
        try c.send(get("/", host: "empty.test"))
        #expect(try c.readResponse().status == 503)
        try c.send(get("/", host: "dead.test"))
        #expect(try c.readResponse().status == 502)
        try c.send(get("/", host: "ok.test"))
        #expect(try c.readResponse().status == 200, "error answers keep the connection usable")
    }

    @Test func aConnectFailureFallsThroughToTheNextEndpoint() throws {
        let h = try Harness()
        defer { h.stop() }
        let fd = try TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:0"), reusePort: false)
        let dead = try TCPSocket.localAddress(fd)
        Syscall.close(fd)
        h.store.publish(Harness.snapshot(hosts: ["x.test": [("/", [dead, h.echoes[0].address])]]))
        for _ in 0..<4 {
            let c = try h.client()
            try c.send(get("/", host: "x.test"))
            #expect(try c.readResponse().status == 200)
        }
    }

    @Test func roundRobinAlternatesBetweenEndpoints() throws {
        let h = try Harness(echoNames: ["a", "b"])
        defer { h.stop() }
        let c = try h.client()
        var names: [String] = []
        for _ in 0..<6 {
            try c.send(get("/"))
            names.append(json(try c.readResponse())["name"] as? String ?? "?")
        }
        #expect(names == ["a", "b", "a", "b", "a", "b"])
    }

    @Test func keepAliveReusesPooledUpstreamConnections() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        for _ in 0..<20 {
            try c.send(get("/"))
            #expect(try c.readResponse().status == 200)
        }
        #expect(eventually { h.proxy.counters().upstreamReuses >= 19 })
        #expect(h.proxy.counters().upstreamConnects == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/one") + "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + get("/three"))
        let paths = try (0..<3).map { _ in json(try c.readResponse())["path"] as? String }
        #expect(paths == ["/one", "/two", "/three"])
    }

    @Test("Malformed requests get the parser's status and the connection closes",
          arguments: [("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                      ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
                      ("GET / HTTP/1.1\r\n\r\n", 400),
                      ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                      ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 20000))\r\n\r\n", 431)])
    func malformedRequestsAreRejected(request: String, status: Int) throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(request)
        let r = try c.readResponse()
        #expect(r.status == status)
        #expect(r.header("connection") == "close")
        #expect(c.waitForClose())
    }

    @Test func headRequestsGetHeadersWithoutABody() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
        let r = try c.readResponse(head: true)
        #expect(r.status == 200)
        #expect(Int(r.header("content-length") ?? "0")! > 0)
        try c.send(get("/after"))
        #expect(json(try c.readResponse())["path"] as? String == "/after", "no stray body bytes before the next response")
    }

    @Test func adminEndpointsAnswerHealthReadinessAndRegisteredHandlers() throws {
        let store = SnapshotStore()
        let admin = AdminRegistry()
        admin.register("/custom") { AdminResponse(contentType: "text/x-test", text: "hi") }
        let proxy = try ProxyServer(configuration: ProxyConfiguration(
            httpListen: try SocketAddress(parsing: "127.0.0.1:0"), adminListen: try SocketAddress(parsing: "127.0.0.1:0"),
            workers: 1, accessLog: false), store: store, admin: admin)
        proxy.start()
        defer { proxy.stop() }
        let c = try TestClient(proxy.adminAddress!)
        try c.send(get("/healthz"))
        #expect(try c.readResponse().status == 200)
        try c.send(get("/readyz"))
        #expect(try c.readResponse().status == 503, "no snapshot yet")
        store.publish(RoutingSnapshot())
        try c.send(get("/readyz"))
        #expect(try c.readResponse().status == 200)
        try c.send(get("/custom"))
        let r = try c.readResponse()
        #expect(r.text == "hi" && r.header("content-type") == "text/x-test")
        try c.send(get("/nope"))
        #expect(try c.readResponse().status == 404)
    }
}

@Test func requestsAreCountedPerRouteInTheTelemetryRegistry() throws {
    let registry = MetricsRegistry(workerCount: 1)
    let metrics = PorticoMetrics(registry: registry)
    let echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: "m")
    echo.start()
    defer { echo.stop() }
    let store = SnapshotStore()
    let proxy = try ProxyServer(configuration: ProxyConfiguration(
        httpListen: try SocketAddress(parsing: "127.0.0.1:0"), adminListen: nil, workers: 1, accessLog: false),
        store: store, metrics: metrics)
    proxy.start()
    defer { proxy.stop() }
    store.publish(Harness.snapshot(hosts: ["m.test": [("/api", [echo.address])]]))
    let c = try TestClient(proxy.httpAddress)
    for _ in 0..<3 {
        try c.send(get("/api/x", host: "m.test"))
        #expect(try c.readResponse().status == 200)
    }
    // The proxy records a request just after writing its last byte: poll briefly.
    let line = "portico_http_requests_total{namespace=\"default\",ingress=\"test\",host=\"m.test\",path=\"/api\",service=\"m.test/api\",method=\"GET\",status_class=\"2xx\"} 3"
    #expect(eventually { registry.render().contains(line) })
    let text = registry.render()
    #expect(text.contains("portico_downstream_connections_total{listener=\"http\"} 1"))
}
