import Routing
import Testing
@testable import TLS

@Suite struct MetricsTests {
    @Test("Handshakes, failures by reason and negotiated parameters are counted")
    func countersFollowHandshakes() throws {
        let context = try TLSServerContext(table: Fixtures.table)
        for _ in 0..<3 {
            let s = try TLSServerSession(context: context)
            let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
            _ = Pump.handshake(client: c, server: s)
        }
        let garbage = try TLSServerSession(context: context)
        garbage.feedCiphertext(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        _ = garbage.handshake()
        _ = garbage.handshake()  // a failure is counted once

        let snapshot = context.metrics.snapshot()
        #expect(snapshot.handshakes == 3)
        #expect(snapshot.failures[.other] == 1)
        #expect(snapshot.failures.count == TLSFailureReason.allCases.count)
        #expect(snapshot.negotiated.values.reduce(0, +) == 3)
        #expect(snapshot.negotiated.keys.allSatisfy { $0.version == "TLSv1.3" })
    }

    @Test("Failure reasons are a closed set of metric labels")
    func reasonLabels() {
        #expect(TLSFailureReason.allCases.map(\.rawValue) ==
                ["protocol_version", "no_shared_cipher", "unknown_ca", "bad_certificate", "timeout", "other"])
    }

    @Test("Client contexts are shared per configuration and count upstream handshakes")
    func clientContextCache() throws {
        let cache = TLSClientContextCache(capacity: 2)
        let a = try cache.context(trustedCAPEM: Fixtures.certificateAuthority.certificatePEM)
        #expect(try cache.context(trustedCAPEM: Fixtures.certificateAuthority.certificatePEM) === a)
        let plain = try cache.context(trustedCAPEM: nil)
        #expect(plain !== a)
        #expect(!plain.verifiesPeer)

        let server = try ClientVerificationTests.upstreamServer()
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: a, serverName: "upstream.test")
        #expect(Pump.handshake(client: c, server: s).client == .complete)
        #expect(cache.metrics.snapshot().handshakes == 1)
        #expect(throws: TLSError.self) { _ = try cache.context(trustedCAPEM: Array("junk".utf8)) }
    }
}

@Suite struct RobustnessTests {
    /// A real ClientHello to mutate.
    static func clientHello() throws -> [UInt8] {
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        _ = c.handshake()
        var hello: [UInt8] = []
        c.takeCiphertext(into: &hello)
        return hello
    }

    @Test("Truncated, mutated and random ClientHellos never crash the server session")
    func mutatedClientHellos() throws {
        let context = try TLSServerContext(table: Fixtures.table)
        let hello = try Self.clientHello()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var completed = 0
        for i in 0..<400 {
            var input = hello
            switch i % 4 {
            case 0: input = Array(hello.prefix(next() % hello.count))
            case 1: for _ in 0..<(1 + next() % 8) { input[next() % input.count] ^= UInt8(truncatingIfNeeded: 1 + next() % 255) }
            case 2: input = (0..<(next() % 600)).map { _ in UInt8(truncatingIfNeeded: next()) }
            default: input[next() % input.count] = UInt8(truncatingIfNeeded: next())
                     input += (0..<(next() % 64)).map { _ in UInt8(truncatingIfNeeded: next()) }
            }
            let s = try TLSServerSession(context: context)
            s.feedCiphertext(input)
            let result = s.handshake()
            var out: [UInt8] = []
            s.takeCiphertext(into: &out)
            var plain: [UInt8] = []
            _ = s.readPlaintext(into: &plain)
            #expect(plain.isEmpty)
            if result == .complete { completed += 1 }
        }
        #expect(completed == 0)  // a server never finishes on a ClientHello alone
    }
}

@Suite struct PEMRobustnessTests {
    @Test("Truncated and mutated PEM never crashes the validator or the context loader")
    func mutatedPEM() throws {
        let chain = Fixtures.upstream.certificatePEM + Fixtures.certificateAuthority.certificatePEM
        let key = Fixtures.upstream.privateKeyPEM
        var state: UInt64 = 12345
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var table = TLSTable()
        for i in 0..<300 {
            var c = chain
            var k = key
            switch i % 3 {
            case 0: c = Array(c.prefix(next() % c.count))
            case 1: for _ in 0..<(1 + next() % 6) { c[next() % c.count] = UInt8(truncatingIfNeeded: next()) }
            default: for _ in 0..<(1 + next() % 6) { k[next() % k.count] = UInt8(truncatingIfNeeded: next()) }
            }
            _ = TLSCertificateValidator.validatePair(certificatePEM: c, privateKeyPEM: k)
            if i % 10 == 0 {
                table.exact["host\(i).example.com"] = TLSCertificate(
                    secret: ObjectRef(kind: "Secret", namespace: "fuzz", name: "s\(i)"),
                    certificatePEM: c, privateKeyPEM: k, notAfter: 0)
            }
        }
        let context = try TLSServerContext(table: table)
        #expect(context.servedCertificates().count >= 1)
    }
}
