import DataPlane
import Foundation
import Reactor
import Routing
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized)
struct LoadTests {
    @Test func tenThousandSnapshotSwapsDuringLoadFailNoRequest() throws {
        let h = try Harness(echoNames: ["a", "b"]) { $0.workers = 2 }
        defer { h.stop() }
        let a = h.echoes[0].address, b = h.echoes[1].address
        let failures = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let proxyAddress = h.proxy.httpAddress
        var threads: [pthread_t] = []
        for _ in 0..<4 {
            threads.append(EventLoopGroup.spawn {
                guard let c = try? TestClient(proxyAddress) else { failures.add(1, ordering: .relaxed); return }
                // Bounded: at most 50,000 requests per client, stopping when the swaps end.
                for _ in 0..<50_000 where !stop.load(ordering: .relaxed) {
                    do {
                        try c.send(get("/swap"))
                        let r = try c.readResponse()
                        if r.status != 200 { failures.add(1, ordering: .relaxed) }
                        done.add(1, ordering: .relaxed)
                    } catch {
                        failures.add(1, ordering: .relaxed)
                        return
                    }
                }
            })
        }
        // Alternate between endpoint sets (and backend names) so balancer state is rebuilt.
        for i in 0..<10_000 {
            var s = CatchAllSnapshot.make(endpoints: i % 2 == 0 ? [a, b] : [b])
            if i % 3 == 0 { s.backends[0].name.service = "other" }
            h.store.publish(s)
            if i % 100 == 0 { usleep(100) }
        }
        stop.store(true, ordering: .relaxed)
        for t in threads { pthread_join(t, nil) }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(done.load(ordering: .relaxed) > 100)
        #expect(h.store.generation > 10_000)
    }

    @Test func aClientThatStopsReadingStopsTheProxyReadingTheUpstream() throws {
        let total = 64 << 20
        let writtenBeforeStall = Atomic<Int>(-1)
        let up = try ScriptedUpstream { _, fd in
            writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: \(total)\r\n\r\n")
            var tv = timeval(tv_sec: 0, tv_usec: 300_000)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let chunk = [UInt8](repeating: 0x61, count: 65536)
            var sent = 0
            for _ in 0..<4000 where sent < total {
                let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, min(65536, total - sent)) }
                if n <= 0 {
                    // The send timed out: the proxy stopped reading. Record and then go on.
                    if writtenBeforeStall.load(ordering: .relaxed) < 0 { writtenBeforeStall.store(sent, ordering: .relaxed) }
                    continue
                }
                sent += n
            }
            return false
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client(timeoutSeconds: 10)
        try c.send(get("/big"))
        // Do not read until the upstream reports a stall (bounded wait).
        _ = eventually(seconds: 5) { writtenBeforeStall.load(ordering: .relaxed) >= 0 }
        let stalledAt = writtenBeforeStall.load(ordering: .relaxed)
        #expect(stalledAt >= 0, "the upstream never blocked: the proxy buffered without bound")
        #expect(stalledAt < 32 << 20)
        let r = try c.readResponse(discardBody: true)
        #expect(r.status == 200)
    }

    @Test func anUpstreamThatStopsReadingStopsTheProxyReadingTheClient() throws {
        let total = 64 << 20
        let upstreamMayRead = Atomic<Bool>(false)
        let up = try ScriptedUpstream { _, fd in
            // Read nothing of the body until the client has stalled (bounded wait).
            for _ in 0..<1000 where !upstreamMayRead.load(ordering: .relaxed) { usleep(10_000) }
            var rcv = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rcv, socklen_t(MemoryLayout<timeval>.size))
            var buf = [UInt8](repeating: 0, count: 1 << 16)
            var got = 0
            while got < total {
                let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 1 << 16) }
                if n <= 0 { return false }
                got += n
            }
            writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            return true
        }
        defer { up.stop() }
        let h = try Harness(echoNames: [])
        defer { h.stop() }
        h.store.publish(CatchAllSnapshot.make(endpoints: [up.address]))
        let c = try h.client(timeoutSeconds: 10)
        try c.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: \(total)\r\n\r\n")
        var tv = timeval(tv_sec: 0, tv_usec: 300_000)
        setsockopt(c.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let chunk = [UInt8](repeating: 0x61, count: 1 << 16)
        var sent = 0
        var stalledAt = -1
        // Bounded: at most 2,000 attempts (each either moves 64 KiB or waits 300 ms).
        for _ in 0..<2000 where sent < total {
            let n = chunk.withUnsafeBytes { write(c.fd, $0.baseAddress, min(1 << 16, total - sent)) }
            if n <= 0 {
                if stalledAt < 0 {
                    stalledAt = sent
                    upstreamMayRead.store(true, ordering: .relaxed)
                }
                continue
            }
            sent += n
        }
        #expect(stalledAt >= 0, "the client never blocked: the proxy buffered the body without bound")
        #expect(stalledAt < 32 << 20)
        #expect(sent == total)
        let r = try c.readResponse()
        #expect(r.status == 200, "got \(r.status): \(r.text)")
        #expect(r.text == "ok")
    }
}
