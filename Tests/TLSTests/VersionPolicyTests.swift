import Routing
import Testing
@testable import TLS

@Suite struct VersionPolicyTests {
    @Test("TLS 1.0 and 1.1 clients are refused with protocol_version",
          arguments: [TLSVersion.tls1_0, .tls1_1])
    func oldVersionsAreRefused(version: TLSVersion) throws {
        let context = try TLSServerContext(table: Fixtures.table)
        let old = try TLSClientContext(configuration: .init(minimumVersion: .tls1_0, maximumVersion: version))
        let s = try TLSServerSession(context: context)
        let c = try TLSClientSession(context: old, serverName: "a.example.com")
        let result = Pump.handshake(client: c, server: s)
        #expect(result.server.failureReason == .protocolVersion)
        #expect(result.client.failureReason == .protocolVersion)
        #expect(context.metrics.snapshot().failures[.protocolVersion] == 1)
        #expect(context.metrics.snapshot().handshakes == 0)
    }

    @Test("Asking for a minimum below TLS 1.2 still gets TLS 1.2")
    func minimumIsClampedToTLS12() {
        #expect(TLSServerConfiguration(minimumVersion: .tls1_0).minimumVersion == .tls1_2)
    }

    @Test("A TLS 1.2 client is served by default with a Mozilla intermediate ECDHE-ECDSA suite")
    func tls12ClientIsServed() throws {
        let context = try TLSServerContext(table: Fixtures.table)
        let tls12 = try TLSClientContext(configuration: .init(maximumVersion: .tls1_2))
        let s = try TLSServerSession(context: context)
        let c = try TLSClientSession(context: tls12, serverName: "a.example.com")
        #expect(Pump.handshake(client: c, server: s).server == .complete)
        #expect(s.negotiatedVersion == .tls1_2)
        #expect(s.cipherSuite == "ECDHE-ECDSA-AES128-GCM-SHA256")
        let negotiated = context.metrics.snapshot().negotiated
        #expect(negotiated[.init(version: "TLSv1.2", cipher: "ECDHE-ECDSA-AES128-GCM-SHA256")] == 1)
    }

    @Test("A TLS-1.3-only server refuses a TLS-1.2-only client")
    func tls13OnlyRefusesTLS12() throws {
        let context = try TLSServerContext(table: Fixtures.table, configuration: .init(minimumVersion: .tls1_3))
        let tls12 = try TLSClientContext(configuration: .init(maximumVersion: .tls1_2))
        let s = try TLSServerSession(context: context)
        let c = try TLSClientSession(context: tls12, serverName: "a.example.com")
        let result = Pump.handshake(client: c, server: s)
        #expect(result.server.failureReason == .protocolVersion)
        #expect(result.client.failureReason == .protocolVersion)

        let modern = try TLSServerSession(context: context)
        let c13 = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        #expect(Pump.handshake(client: c13, server: modern).server == .complete)
    }

    @Test("An unusable cipher list or group is a configuration error, not a crash")
    func badPolicyThrows() {
        #expect(throws: TLSError.self) {
            _ = try TLSServerContext(configuration: .init(tls12Ciphers: "NOT-A-CIPHER"))
        }
        #expect(throws: TLSError.self) {
            _ = try TLSServerContext(configuration: .init(groups: ["no-such-group"]))
        }
    }
}
