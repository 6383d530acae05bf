import DataPlane
import Foundation
import Reactor
import Routing
import Telemetry
import Testing

/// An in-process proxy with metrics exported the way `portico serve` does, one echo
/// backend, and a snapshot with one Ingress route (default/test, host obs.test, path /api).
private final class MeteredProxy {
    let store = SnapshotStore()
    let admin = AdminRegistry()
    let metrics = PorticoMetrics(registry: MetricsRegistry(workerCount: 1))
    let proxy: ProxyServer
    let echo: EchoServer

    init() throws {
        echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: "obs")
        echo.start()
        let config = ProxyConfiguration(httpListen: try SocketAddress(parsing: "127.0.0.1:0"),
                                        adminListen: try SocketAddress(parsing: "127.0.0.1:0"),
                                        workers: 1, accessLog: false)
        proxy = try ProxyServer(configuration: config, store: store, admin: admin, metrics: metrics)
        proxy.exportMetrics(metrics, admin: admin)
        proxy.start()
        store.publish(Harness.snapshot(hosts: ["obs.test": [("/api", [echo.address])], "empty.test": [("/", [])]]))
    }

    func stop() {
        proxy.stop()
        echo.stop()
    }

    func scrape(_ path: String = "/metrics") throws -> TestResponse {
        let c = try TestClient(proxy.adminAddress!)
        try c.send("GET \(path) HTTP/1.1\r\nHost: admin\r\n\r\n")
        return try c.readResponse()
    }
}

/// The value of the sample whose line starts with `prefix` (name and labels), if present.
private func sample(_ text: String, _ prefix: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
        let rest = line.dropFirst(prefix.count)
        guard rest.first == " " else { continue }
        return Double(rest.dropFirst())
    }
    return nil
}

private func echoedHeaders(_ r: TestResponse) -> [String: String] {
    let j = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
    return j["headers"] as? [String: String] ?? [:]
}

@Suite(.serialized)
struct ObservabilityTests {
    static let route = #"namespace="default",ingress="test",host="obs.test",path="/api",service="obs.test/api""#

    @Test func requestsThroughAnIngressRouteShowUpInTheScrapedMetrics() throws {
        let p = try MeteredProxy()
        defer { p.stop() }
        let c = try TestClient(p.proxy.httpAddress)
        let sent = 7
        for i in 0..<sent {
            try c.send("POST /api/items/\(i) HTTP/1.1\r\nHost: obs.test\r\nContent-Length: 5\r\n\r\nhello")
            #expect(try c.readResponse().status == 200)
        }
        try c.send(get("/nowhere", host: "obs.test"))
        #expect(try c.readResponse().status == 404)
        try c.send(get("/", host: "empty.test"))
        #expect(try c.readResponse().status == 503)

        let counter = "portico_http_requests_total{\(Self.route),method=\"POST\",status_class=\"2xx\"}"
        var text = ""
        // Counts land when each response is finished and the workers' counters every 250 ms.
        let settled = eventually(seconds: 5) {
            text = (try? p.scrape().text) ?? ""
            return sample(text, counter) == Double(sent)
                && (sample(text, "portico_upstream_connects_total") ?? 0) >= 1
        }
        #expect(settled, "scrape: \(text.prefix(4000))")
        #expect(sample(text, "portico_http_request_duration_seconds_count{\(Self.route)}") == Double(sent))
        #expect(sample(text, "portico_http_upstream_duration_seconds_count{\(Self.route)}") == Double(sent))
        #expect(sample(text, "portico_http_request_size_bytes_sum{\(Self.route)}") == Double(5 * sent))
        #expect((sample(text, "portico_http_response_size_bytes_sum{\(Self.route)}") ?? 0) > 0)
        #expect(sample(text, #"portico_http_requests_total{namespace="",ingress="",host="",path="",service="",method="GET",status_class="4xx"}"#) == 1)
        #expect(sample(text, #"portico_http_requests_total{namespace="default",ingress="test",host="empty.test",path="/",service="empty.test/",method="GET",status_class="5xx"}"#) == 1)
        #expect(sample(text, #"portico_downstream_connections_total{listener="http"}"#) == 1)
        #expect(sample(text, #"portico_downstream_connections_active{listener="http"}"#) == 1)
        #expect(sample(text, #"portico_backend_ready_endpoints{namespace="default",service="obs.test/api",port="80"}"#) == 1)
        #expect(sample(text, #"portico_upstream_pool_connections{namespace="default",service="obs.test/api",port="80"}"#) == 1)
        #expect(sample(text, "portico_snapshot_generation") == 1)
        #expect((sample(text, "portico_snapshot_last_swap_timestamp_seconds") ?? 0) > 1.7e9)
        #expect((sample(text, "process_start_time_seconds") ?? 0) > 1.7e9)
        #expect(!text.contains("portico_requests_total "), "the old hand-written duplicates are gone")
    }

    @Test func aRepublishKeepsTheSeriesOfLiveRoutesAndDropsThoseOfRemovedOnes() throws {
        let p = try MeteredProxy()
        defer { p.stop() }
        let c = try TestClient(p.proxy.httpAddress)
        try c.send(get("/api", host: "obs.test"))
        #expect(try c.readResponse().status == 200)
        let counter = "portico_http_requests_total{\(Self.route),method=\"GET\",status_class=\"2xx\"}"
        #expect(eventually { sample((try? p.scrape().text) ?? "", counter) == 1 })
        // Same routes, new generation (e.g. an endpoints update): the series stay.
        p.store.publish(Harness.snapshot(hosts: ["obs.test": [("/api", [p.echo.address])]]))
        #expect(sample(try p.scrape().text, counter) == 1)
        // The route is gone: its series go with it.
        p.store.publish(Harness.snapshot(hosts: ["other.test": [("/", [p.echo.address])]]))
        let after = try p.scrape().text
        #expect(sample(after, counter) == nil)
        #expect(!after.contains("host=\"obs.test\""))
        #expect(sample(after, "portico_snapshot_generation") == 3)
    }

    @Test func theScrapePassesPromtoolCheckMetrics() throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else { return }  // not installed: nothing to check
        let p = try MeteredProxy()
        defer { p.stop() }
        let c = try TestClient(p.proxy.httpAddress)
        for _ in 0..<3 {
            try c.send(get("/api", host: "obs.test"))
            _ = try c.readResponse()
        }
        let text = try p.scrape().body
        let run = Process()
        run.executableURL = URL(fileURLWithPath: promtool)
        run.arguments = ["check", "metrics"]
        let stdin = Pipe(), out = Pipe()
        run.standardInput = stdin
        run.standardOutput = out
        run.standardError = out
        try run.run()
        stdin.fileHandleForWriting.write(Data(text))
        try stdin.fileHandleForWriting.close()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0, "promtool: \(report)")
    }

    @Test func anAdminResponseOverOneMebibyteIsServedWholeAndTheConnectionKeptAlive() throws {
        let p = try MeteredProxy()
        defer { p.stop() }
        let size = 1_300_000
        let body = (0..<size).map { UInt8(0x61 + $0 % 26) }
        p.admin.register("/big") { AdminResponse(body: body) }
        let c = try TestClient(p.proxy.adminAddress!)
        for _ in 0..<2 {
            try c.send("GET /big HTTP/1.1\r\nHost: admin\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.body.count == size)
            #expect(r.body == body)
        }
        try c.send("GET /healthz HTTP/1.1\r\nHost: admin\r\n\r\n")
        #expect(try c.readResponse().text == "ok\n")
    }

    @Test func aMetricsScrapeOverOneMebibyteIsServedWhole() throws {
        let p = try MeteredProxy()
        defer { p.stop() }
        let routes = 300
        for i in 0..<routes {
            let labels = RouteLabels(namespace: "team-\(i % 7)", ingress: "ingress-\(i)", host: "host-\(i).example.com",
                                     path: "/api/v1/resource-\(i)", service: "service-\(i)")
            p.metrics.route(labels).record(method: .get, statusCode: 200, durationSeconds: 0.01, upstreamSeconds: 0.005,
                                           requestBytes: 10, responseBytes: 100, worker: 0)
        }
        let r = try p.scrape()
        #expect(r.status == 200)
        #expect(r.body.count > 1 << 20, "scrape is \(r.body.count) bytes")
        #expect(r.text.hasSuffix("\n"))
        let counted = r.text.split(separator: "\n").filter { $0.hasPrefix("portico_http_requests_total{namespace=\"team-") }
        #expect(counted.count == routes)
    }

    @Test func aValidIncomingTraceparentAndItsTracestateAreForwardedUnchanged() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try c.send(get("/", extra: "traceparent: \(tp)\r\ntracestate: congo=t61rcWkgMzE\r\n"))
        let r = try c.readResponse()
        let hs = echoedHeaders(r)
        #expect(hs["traceparent"] == tp)
        #expect(hs["tracestate"] == "congo=t61rcWkgMzE")
        #expect(r.header("x-request-id") == hs["x-request-id"] && r.header("x-request-id")?.count == 32)
    }

    @Test func aRequestWithoutTraceparentGetsANewSampledOne() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        var seen: Set<String> = []
        for _ in 0..<3 {
            try c.send(get("/"))
            let tp = echoedHeaders(try c.readResponse())["traceparent"] ?? ""
            let parsed = TraceParent.parse(Array(tp.utf8))
            #expect(parsed != nil && parsed?.flags == 1, "\(tp)")
            seen.insert(tp)
        }
        #expect(seen.count == 3, "each request starts its own trace")
    }

    @Test("An invalid traceparent is replaced and its tracestate dropped",
          arguments: ["00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
                      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                      "garbage"])
    func invalidTraceparent(value: String) throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/", extra: "traceparent: \(value)\r\ntracestate: a=b\r\n"))
        let hs = echoedHeaders(try c.readResponse())
        let tp = hs["traceparent"] ?? ""
        #expect(tp != value && TraceParent.parse(Array(tp.utf8)) != nil)
        #expect(hs["tracestate"] == nil)
    }

    @Test func twoTraceparentFieldsCountAsInvalid() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        let a = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let b = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        try c.send(get("/", extra: "traceparent: \(a)\r\ntraceparent: \(b)\r\n"))
        let tp = echoedHeaders(try c.readResponse())["traceparent"] ?? ""
        #expect(tp != a && tp != b && TraceParent.parse(Array(tp.utf8)) != nil)
    }

    @Test func aMultiKilobyteTokenAndCookiePassTheDefaultHeaderLimits() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        let jwt = String(repeating: "a", count: 12_000)
        let cookie = String(repeating: "c", count: 12_000)
        try c.send(get("/", extra: "Authorization: Bearer \(jwt)\r\nCookie: s=\(cookie)\r\nX-Other: \(String(repeating: "o", count: 12_000))\r\n"))
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(echoedHeaders(r)["authorization"]?.count == 12_007)
    }
}
