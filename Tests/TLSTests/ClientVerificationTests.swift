import Routing
import Testing
@testable import TLS

@Suite struct ClientVerificationTests {
    /// A server presenting the upstream certificate (issued by the test CA) as its default.
    static func upstreamServer() throws -> TLSServerContext {
        try TLSServerContext(table: TLSTable(defaultCertificate: Fixtures.tls(Fixtures.upstream, Fixtures.secretDefault)))
    }

    static func connect(ca: [UInt8]?, serverName: String?) throws -> (client: TLSHandshakeResult, server: TLSHandshakeResult, session: TLSClientSession) {
        let context = try TLSClientContext(configuration: .init(trustedCAPEM: ca))
        let s = try TLSServerSession(context: try upstreamServer())
        let c = try TLSClientSession(context: context, serverName: serverName)
        let r = Pump.handshake(client: c, server: s)
        return (r.client, r.server, c)
    }

    @Test("Verification against the right CA and name succeeds", arguments: ["upstream.test", "127.0.0.1"])
    func rightCASucceeds(name: String) throws {
        let r = try Self.connect(ca: Fixtures.certificateAuthority.certificatePEM, serverName: name)
        #expect(r.client == .complete)
        #expect(r.server == .complete)
        #expect(r.session.peerCertificate?.commonName == "upstream.test")
    }

    @Test("A certificate from another CA fails with unknown_ca on both sides")
    func wrongCAFails() throws {
        let r = try Self.connect(ca: Fixtures.otherAuthority.certificatePEM, serverName: "upstream.test")
        #expect(r.client.failureReason == .unknownCA)
        #expect(r.server.failureReason == .unknownCA)
    }

    @Test("A certificate for another name fails with bad_certificate", arguments: ["other.test", "127.0.0.2"])
    func wrongHostnameFails(name: String) throws {
        let r = try Self.connect(ca: Fixtures.certificateAuthority.certificatePEM, serverName: name)
        #expect(r.client.failureReason == .badCertificate)
        if case .failed(let e) = r.client { #expect(e.message.contains("mismatch")) }
    }

    @Test("Without a CA bundle nothing is verified, like proxy-ssl-verify off")
    func noCAMeansNoVerification() throws {
        let r = try Self.connect(ca: nil, serverName: "whatever.invalid")
        #expect(r.client == .complete)
        #expect(r.session.serverName == "whatever.invalid")
    }

    @Test("A CA bundle without certificates is a configuration error")
    func emptyBundleThrows() {
        #expect(throws: TLSError.self) {
            _ = try TLSClientContext(configuration: .init(trustedCAPEM: Array("not pem".utf8)))
        }
    }
}
