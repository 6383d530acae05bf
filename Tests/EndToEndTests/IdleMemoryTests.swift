import DataPlane
import Reactor
import Routing
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Idle keep-alive connections hold no per-request memory (buffers, exchange records,
/// parsers), and taking it back for the next request works.
@Suite(.serialized) struct IdleMemoryTests {
    /// Polls until every open connection is idle (bounded: 2 s).
    private func settled(_ h: Harness, connections: Int) -> ConnectionMemory {
        var m = h.proxy.connectionMemory()
        for _ in 0..<200 where m.connections != connections || m.idleConnections != connections {
            usleep(10_000)
            m = h.proxy.connectionMemory()
        }
        return m
    }

    @Test func anIdleKeepAliveConnectionGivesItsBuffersExchangeAndParserBack() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/one"))
        #expect(try c.readResponse().status == 200)
        let m = settled(h, connections: 1)
        #expect(m.idleConnections == 1)
        #expect(m.idleConnectionsHoldingMemory == 0)
        // The pooled upstream connection gave its read buffer back too.
        #expect(m.buffersInUse == 0)
        #expect(m.buffersPooled > 0)
        #expect(m.exchangesInUse == 0)
        #expect(m.parsersInUse == 0)
        #expect(m.parsersPooled == 1)
    }

    @Test func manyIdleConnectionsHoldNothingAndEachServesAnotherRequest() throws {
        let h = try Harness()
        defer { h.stop() }
        var clients: [TestClient] = []
        for i in 0..<20 {
            let c = try h.client()
            try c.send(get("/first/\(i)"))
            #expect(try c.readResponse().status == 200)
            clients.append(c)
        }
        let m = settled(h, connections: 20)
        #expect(m.idleConnections == 20)
        #expect(m.idleConnectionsHoldingMemory == 0)
        #expect(m.buffersInUse == 0)
        #expect(m.exchangesInUse == 0)
        for (i, c) in clients.enumerated() {
            try c.send(get("/second/\(i)", extra: "X-Request-Id: again-\(i)\r\n"))
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text.contains("/second/\(i)"))
        }
        #expect(settled(h, connections: 20).idleConnectionsHoldingMemory == 0)
    }

    @Test func aRequestAfterALongIdlePeriodStillWorks() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/before", extra: "Accept: */*\r\nX-Extra: \(String(repeating: "a", count: 2000))\r\n"))
        #expect(try c.readResponse().status == 200)
        #expect(settled(h, connections: 1).idleConnectionsHoldingMemory == 0)
        usleep(1_500_000)  // idle well past several loop wake-ups; within the keep-alive timeout
        try c.send(get("/after"))
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.text.contains("/after"))
        #expect(!r.text.lowercased().contains("x-extra"), "no stale fields from the previous head")
        #expect(settled(h, connections: 1).idleConnectionsHoldingMemory == 0)
    }

    @Test func pipelinedRequestsAfterIdlingAreAnsweredInOrder() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/warm"))
        #expect(try c.readResponse().status == 200)
        _ = settled(h, connections: 1)
        try c.send(get("/p1") + get("/p2") + get("/p3"))
        for p in ["/p1", "/p2", "/p3"] {
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text.contains(p))
        }
        let m = settled(h, connections: 1)
        #expect(m.idleConnectionsHoldingMemory == 0)
        #expect(m.exchangesInUse == 0)
    }
}

/// The upstream pool finds an endpoint's idle connections by address; more endpoints than
/// its small recent list still reuse their connections.
@Suite struct UpstreamPoolReuseTests {
    @Test func cyclingThroughMoreEndpointsThanTheRecentListReusesEveryEndpointsConnection() throws {
        let names = ["a", "b", "c", "d", "e", "f"]
        let h = try Harness(echoNames: names)
        defer { h.stop() }
        let c = try h.client()
        var seen = Set<String>()
        for i in 0..<36 {
            try c.send(get("/r/\(i)"))
            let r = try c.readResponse()
            #expect(r.status == 200)
            for n in names where r.text.contains("\"name\":\"\(n)\"") { seen.insert(n) }
        }
        #expect(seen.count == names.count, "every endpoint answered")
        var counters = h.proxy.counters()
        for _ in 0..<40 where counters.requests < 36 { usleep(50_000); counters = h.proxy.counters() }
        #expect(counters.upstreamConnects == UInt64(names.count), "one connection per endpoint, then reuse")
        #expect(counters.upstreamReuses == 36 - UInt64(names.count))
    }
}
