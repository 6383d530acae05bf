import DataPlane
import Foundation
import Reactor
import Routing
import Testing
#if canImport(Glibc)
import Glibc
#endif

private func json(_ r: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
}

@Suite(.serialized)
struct StreamingTests {
    @Test func aChunkedRequestBodyStreamsThroughAndIsCountedByTheBackend() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        var req = "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        for i in 1...50 { req += String(i * 100, radix: 16) + "\r\n" + String(repeating: "z", count: i * 100) + "\r\n" }
        req += "0\r\n\r\n"
        try c.send(req)
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(json(r)["body_bytes"] as? Int == (1...50).reduce(0) { $0 + $1 * 100 })
    }

    @Test func aChunkedResponseStreamsToTheClient() throws {
        let up = try ScriptedUpstream { _, fd in
            writeAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            usleep(20_000)
            writeAll(fd, "6\r\n world\r\n0\r\n\r\n")
            return true
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        for _ in 0..<2 {
            try c.send(get("/"))
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text == "hello world")
        }
    }

    @Test("Malformed upstream responses become 502 and are never passed on",
          arguments: ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
                      "HTTP/1.1 2000 OK\r\n\r\n",
                      "garbage\r\n\r\n",
                      "HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n"])
    func malformedUpstreamResponsesBecome502(response: String) throws {
        let up = try ScriptedUpstream { _, fd in writeAll(fd, response); return false }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        try c.send(get("/"))
        let r = try c.readResponse()
        #expect(r.status == 502)
        #expect(!r.text.contains("hello"))
    }

    @Test func anUpstreamKilledMidResponseFailsThatRequestAndTheProxyKeepsServing() throws {
        let up = try ScriptedUpstream { head, fd in
            if head.contains("/die") {
                writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial")
                return false
            }
            writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            return true
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        try c.send(get("/die"))
        #expect(throws: (any Error).self) { _ = try c.readResponse() }
        let c2 = try h.client()
        try c2.send(get("/fine"))
        let r = try c2.readResponse()
        #expect(r.status == 200 && r.text == "ok")
    }

    @Test func interimResponsesAndBodylessStatusesFollowRFC9110() throws {
        let up = try ScriptedUpstream { head, fd in
            if head.contains("/early") {
                writeAll(fd, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
            } else {
                writeAll(fd, "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n")
            }
            return true
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        try c.send(get("/early"))
        let hint = try c.readResponse()
        #expect(hint.status == 103 && hint.header("link") == "</a.css>")
        #expect(try c.readResponse().status == 204)
        try c.send(get("/cached"))
        #expect(try c.readResponse().status == 304)
        try c.send(get("/cached"))
        #expect(try c.readResponse().status == 304, "no body bytes were expected after 304")
    }

    @Test func expectContinueGetsTheUpstreamsInterimResponseBeforeTheBody() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try c.readResponse()
        #expect(interim.status == 100)
        try c.send("data")
        let r = try c.readResponse()
        #expect(r.status == 200 && json(r)["body_bytes"] as? Int == 4)
    }

    @Test func anUpgradedConnectionTunnelsBytesBothWays() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/ws", extra: "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"))
        let r = try c.readResponse()
        #expect(r.status == 101)
        #expect(r.header("upgrade") == "websocket")
        for i in 0..<5 {
            let msg = Array("frame \(i) \(String(repeating: "x", count: i * 1000))".utf8)
            try c.send(msg)
            #expect(try c.readBytes(msg.count) == msg)
        }
    }

    @Test func aSlowClientHeadTimesOutWith408AndClose() throws {
        let h = try Harness { $0.clientHeaderTimeout = 200_000_000 }
        defer { h.stop() }
        let c = try h.client()
        try c.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let r = try c.readResponse()
        #expect(r.status == 408)
        #expect(c.waitForClose())
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterItsTimeout() throws {
        let h = try Harness { $0.keepaliveTimeout = 200_000_000 }
        defer { h.stop() }
        let c = try h.client()
        try c.send(get("/"))
        #expect(try c.readResponse().status == 200)
        #expect(c.waitForClose())
    }

    @Test func anUpstreamThatNeverAnswersGets504() throws {
        let up = try ScriptedUpstream { _, _ in usleep(1_500_000); return false }
        defer { up.stop() }
        let h = try Harness(echoNames: []) { $0.upstreamResponseTimeout = 200_000_000 }
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        try c.send(get("/"))
        #expect(try c.readResponse().status == 504)
    }

    @Test func connectionsBeyondTheLimitAreClosedAtOnce() throws {
        let h = try Harness { $0.maxConnections = 2 }
        defer { h.stop() }
        let a = try h.client(), b = try h.client()
        try a.send(get("/")); _ = try a.readResponse()
        try b.send(get("/")); _ = try b.readResponse()
        let c = try h.client()
        #expect(c.waitForClose())
        #expect(eventually { h.proxy.counters().connectionsRefused >= 1 })
    }

    @Test func aDeadPooledConnectionIsRetriedOnceForAnIdempotentRequest() throws {
        // Answers with keep-alive but closes after each response: the pooled connection
        // is dead when the next request arrives.
        let up = try ScriptedUpstream { _, fd in
            writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            return false
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        for _ in 0..<5 {
            try c.send(get("/"))
            let r = try c.readResponse()
            #expect(r.status == 200 && r.text == "ok")
            usleep(20_000)
        }
    }
}

@Suite(.serialized)
struct HTTP10Tests {
    @Test func anHTTP10ClientGetsAChunkedResponseDechunkedAndCloseDelimited() throws {
        let up = try ScriptedUpstream { _, fd in
            writeAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            return true
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client()
        try c.send("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.header("transfer-encoding") == nil)
        #expect(r.header("connection") == "close")
        #expect(r.text == "hello world")
    }

    @Test func anHTTP10KeepAliveClientIsToldTheConnectionStaysOpen() throws {
        let h = try Harness()
        defer { h.stop() }
        let c = try h.client()
        for _ in 0..<2 {
            try c.send("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.header("connection") == "keep-alive")
        }
        try c.send("GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        #expect(try c.readResponse().header("connection") == "close")
        #expect(c.waitForClose())
    }
}

@Suite(.serialized)
struct ProxyRobustnessTests {
    @Test func aClientTricklingItsHeadIsCutOffAtTheHeaderTimeoutNotResetByEachByte() throws {
        let h = try Harness { $0.clientHeaderTimeout = 300_000_000 }
        defer { h.stop() }
        let c = try h.client()
        let start = MonotonicClock.now()
        var closedAt: Int64 = 0
        // One byte every 50 ms would take 1.5 s to finish this head; bounded at 40 bytes.
        for b in Array("GET / HTTP/1.1\r\nHost: slow.example\r\nX: y\r\n".utf8) {
            if (try? c.send([b])) == nil { closedAt = MonotonicClock.now(); break }
            usleep(50_000)
            if MonotonicClock.now() - start > 2_000_000_000 { break }
        }
        let r = try? c.readResponse()
        if closedAt == 0 { closedAt = MonotonicClock.now() }
        #expect(r?.status == 408 || r == nil)
        #expect(closedAt - start < 1_400_000_000, "cut off near the 300 ms header timeout, not after the whole trickle")
    }

    @Test func randomBytesNeverCrashTheProxyAndItKeepsServing() throws {
        let h = try Harness()
        defer { h.stop() }
        var rng = SystemRandomNumberGenerator()
        let prefixes = ["GET / HTTP/1.1\r\n", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: ", "", "HTTP/1.1 200 OK\r\n"]
        for i in 0..<200 {
            guard let c = try? h.client(timeoutSeconds: 1) else { continue }
            var bytes = Array(prefixes[i % prefixes.count].utf8)
            for _ in 0..<Int.random(in: 0..<300, using: &rng) { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
            _ = try? c.send(bytes)
        }
        let c = try h.client()
        try c.send(get("/still-alive"))
        #expect(try c.readResponse().status == 200)
    }
}
