import Foundation
import Routing
import Testing
import TLS

/// Micro-benchmarks, run by hand: `PORTICO_TLS_BENCH=1 swift test -c release
/// -Xswiftc -enable-testing --filter TLSBenchmarks`. They print numbers and assert nothing
/// about time; without the variable they do one tiny iteration so they stay cheap.
@Suite struct TLSBenchmarks {
    static let enabled = ProcessInfo.processInfo.environment["PORTICO_TLS_BENCH"] == "1"

    /// Moves all pending ciphertext from one session to the other.
    static func move(_ take: (inout [UInt8]) -> Int, _ feed: (UnsafeRawBufferPointer) -> Void, _ wire: inout [UInt8]) -> Int {
        wire.removeAll(keepingCapacity: true)
        let n = take(&wire)
        if n > 0 { wire.withUnsafeBytes { feed($0) } }
        return n
    }

    static func handshake(_ c: TLSClientSession, _ s: TLSServerSession, _ wire: inout [UInt8]) {
        for _ in 0..<20 {
            _ = c.handshake()
            let a = move({ c.takeCiphertext(into: &$0) }, { s.feedCiphertext($0) }, &wire)
            _ = s.handshake()
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
            let start = ContinuousClock.now
            for _ in 0..<count {
                let s = try TLSServerSession(context: server)
                let c = try TLSClientSession(context: client, serverName: "bench.example.com")
                Self.handshake(c, s, &wire)
                #expect(s.isHandshakeComplete)
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("TLS bench: \(version) ECDSA P-256 full handshakes (client+server in one thread): "
                  + "\(Int(Double(count) / seconds))/s over \(count)")
        }
    }

    @Test("Bulk throughput through one established session, in memory")
    func bulkThroughput() throws {
        let server = try TLSServerContext()
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: try TLSClientContext(), serverName: "bench")
        var wire: [UInt8] = []
        Self.handshake(c, s, &wire)
        let block = [UInt8](repeating: 0x61, count: 64 * 1024)
        let total = Self.enabled ? 1 << 30 : 1 << 20
        var received = 0
        var inbox = [UInt8](repeating: 0, count: 64 * 1024)
        let start = ContinuousClock.now
        var sent = 0
        while sent < total {
            try s.writePlaintext(block)
            sent += block.count
            _ = Self.move({ s.takeCiphertext(into: &$0) }, { c.feedCiphertext($0) }, &wire)
            while case .bytes(let n) = inbox.withUnsafeMutableBytes({ c.readPlaintext(into: $0) }) { received += n }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(received == total)
        print("TLS bench: \(s.cipherSuite ?? "?") encrypt+decrypt, 64 KiB writes: "
              + "\(Int(Double(total) / seconds / 1_000_000)) MB/s over \(total >> 20) MiB")
    }
}
