import Foundation
import Routing
import Testing
import TLS

/// Micro-benchmarks, run by hand: `PORTICO_TLS_BENCH=1 swift test -c release
/// -Xswiftc -enable-testing --filter TLSBenchmarks`. They print numbers and assert nothing
/// about time; without the variable they do one tiny iteration so they stay cheap.
@Suite(.serialized) struct TLSBenchmarks {
    /// Wall seconds and this thread's CPU seconds for `body` (CPU time is steadier on a
    /// machine shared with other builds).
    static func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let cpuStart = cpuNow()
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (wall, cpuNow() - cpuStart)
    }

    static let enabled = ProcessInfo.processInfo.environment["PORTICO_TLS_BENCH"] == "1"

    /// Moves all pending ciphertext from one session to the other.
    static func move(_ take: (inout [UInt8]) -> Int, _ feed: (UnsafeRawBufferPointer) -> Void, _ wire: inout [UInt8]) -> Int {
        wire.removeAll(keepingCapacity: true)
        let n = take(&wire)
        if n > 0 { wire.withUnsafeBytes { feed($0) } }
        return n
    }

    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs a handshake; adds the CPU time spent in server calls to `serverCPU`.
    static func handshake(_ c: TLSClientSession, _ s: TLSServerSession, _ wire: inout [UInt8],
                          serverCPU: inout Double) {
        for _ in 0..<20 {
            _ = c.handshake()
            let a = move({ c.takeCiphertext(into: &$0) }, { s.feedCiphertext($0) }, &wire)
            let t0 = cpuNow()
            _ = s.handshake()
            serverCPU += cpuNow() - t0
            let b = move({ s.takeCiphertext(into: &$0) }, { c.feedCiphertext($0) }, &wire)
            if a == 0, b == 0, c.isHandshakeComplete, s.isHandshakeComplete { break }
        }
    }

    @Test("Full ECDSA P-256 handshakes per second, in memory, one thread")
    func handshakesPerSecond() throws {
        let certificate = try SelfSignedCertificate.generate(commonName: "bench.example.com")
        let table = TLSTable(defaultCertificate: TLSCertificate(
            secret: ObjectRef(kind: "Secret", namespace: "bench", name: "bench"),
            certificatePEM: certificate.certificatePEM, privateKeyPEM: certificate.privateKeyPEM,
            notAfter: certificate.notAfter))
        let server = try TLSServerContext(table: table)
        for version in [TLSVersion.tls1_3, .tls1_2] {
            let client = try TLSClientContext(configuration: .init(maximumVersion: version))
            let count = Self.enabled ? 2000 : 2
            var wire: [UInt8] = []
            var completed = 0
            var serverCPU = 0.0
            let time = try Self.measure {
                for _ in 0..<count {
                    let t0 = Self.cpuNow()
                    let s = try TLSServerSession(context: server)
                    serverCPU += Self.cpuNow() - t0
                    let c = try TLSClientSession(context: client, serverName: "bench.example.com")
                    Self.handshake(c, s, &wire, serverCPU: &serverCPU)
                    if s.isHandshakeComplete { completed += 1 }
                }
            }
            #expect(completed == count)
            print("TLS bench: \(version) ECDSA P-256 full handshakes, client+server in one thread: "
                  + "\(Int(Double(count) / time.wall))/s wall, \(Int(Double(count) / time.cpu))/s per CPU-second; "
                  + "server side alone \(Int(Double(count) / serverCPU))/s per CPU-second; over \(count)")
        }
    }

    @Test("Bulk throughput through one established session, in memory")
    func bulkThroughput() throws {
        let server = try TLSServerContext()
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: try TLSClientContext(), serverName: "bench")
        var wire: [UInt8] = []
        var ignored = 0.0
        Self.handshake(c, s, &wire, serverCPU: &ignored)
        let block = [UInt8](repeating: 0x61, count: 64 * 1024)
        let total = Self.enabled ? 1 << 30 : 1 << 20
        var received = 0
        var inbox = [UInt8](repeating: 0, count: 64 * 1024)
        var sent = 0
        let time = try Self.measure {
            while sent < total {
                try s.writePlaintext(block)
                sent += block.count
                _ = Self.move({ s.takeCiphertext(into: &$0) }, { c.feedCiphertext($0) }, &wire)
                while case .bytes(let n) = inbox.withUnsafeMutableBytes({ c.readPlaintext(into: $0) }) { received += n }
            }
        }
        #expect(received == total)
        print("TLS bench: \(s.cipherSuite ?? "?") encrypt+decrypt in one thread, 64 KiB writes: "
              + "\(Int(Double(total) / time.wall / 1_000_000)) MB/s wall, "
              + "\(Int(Double(total) / time.cpu / 1_000_000)) MB/s per CPU-second, over \(total >> 20) MiB")
    }

    /// Resident set size from /proc/self/statm (pages × page size).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("Resident bytes held per idle established server session")
    func memoryPerIdleSession() throws {
        let server = try TLSServerContext()
        let client = try TLSClientContext()
        let count = Self.enabled ? 2000 : 10
        var wire: [UInt8] = []
        var ignored = 0.0
        var sessions: [TLSServerSession] = []
        sessions.reserveCapacity(count)
        let before = Self.residentBytes()
        for _ in 0..<count {
            let s = try TLSServerSession(context: server)
            let c = try TLSClientSession(context: client, serverName: "bench")
            Self.handshake(c, s, &wire, serverCPU: &ignored)
            _ = try? c.writePlaintext(Array("GET / HTTP/1.1\r\n\r\n".utf8))
            wire.removeAll(keepingCapacity: true)
            c.takeCiphertext(into: &wire)
            s.feedCiphertext(wire)
            var request: [UInt8] = []
            _ = s.readPlaintext(into: &request)
            sessions.append(s)
        }
        let after = Self.residentBytes()
        #expect(sessions.allSatisfy { $0.isHandshakeComplete })
        print("TLS bench: resident memory per idle established server session (TLS 1.3, after one request, "
              + "client freed): ~\((after - before) / count) bytes over \(count)")
    }
}
