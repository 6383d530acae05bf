import Routing
import Testing
@testable import TLS

@Suite struct SNITests {
    /// The common name of the certificate a client sees when it asks for `name`.
    static func commonNameSeen(context: TLSServerContext, name: String?) throws -> String? {
        let s = try TLSServerSession(context: context)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: name)
        let result = Pump.handshake(client: c, server: s)
        #expect(result.client == .complete)
        return c.peerCertificate?.commonName
    }

    @Test("SNI picks the exact name, then a one-label wildcard, then the default",
          arguments: [
              ("a.example.com", "a.example.com"),
              ("A.Example.COM", "a.example.com"),
              ("b.example.com", "*.example.com"),
              ("x.y.example.com", "default.example"),
              ("example.com", "default.example"),
              ("unknown.test", "default.example"),
          ])
    func sniPicksTheCertificate(name: String, expectedCommonName: String) throws {
        let context = try TLSServerContext(table: Fixtures.table)
        #expect(try Self.commonNameSeen(context: context, name: name) == expectedCommonName)
    }

    @Test("A client without SNI gets the default certificate")
    func noSNIGetsTheDefault() throws {
        let context = try TLSServerContext(table: Fixtures.table)
        #expect(try Self.commonNameSeen(context: context, name: nil) == "default.example")
    }

    @Test("Without a default in the table, unknown names get the generated self-signed certificate")
    func selfSignedFallback() throws {
        var table = Fixtures.table
        table.defaultCertificate = nil
        let context = try TLSServerContext(table: table, configuration: .init(fallbackCommonName: "fallback.portico"))
        #expect(try Self.commonNameSeen(context: context, name: "unknown.test") == "fallback.portico")
        #expect(try Self.commonNameSeen(context: context, name: nil) == "fallback.portico")
        #expect(try Self.commonNameSeen(context: context, name: "a.example.com") == "a.example.com")
        let served = context.servedCertificates()
        #expect(served.contains { $0.secret == nil && $0.serverNames == ["(default)"] })
    }

    @Test("The generated self-signed certificate is a valid P-256 pair for its name")
    func selfSignedCertificateValidates() throws {
        let generated = try SelfSignedCertificate.generate(commonName: "portico.local")
        let info = try TLSCertificateValidator.validate(certificatePEM: generated.certificatePEM,
                                                        privateKeyPEM: generated.privateKeyPEM,
                                                        now: generated.notAfter - 86_400).get()
        #expect(info.commonName == "portico.local")
        #expect(info.dnsNames == ["portico.local"])
        #expect(info.notAfter == generated.notAfter)
        #expect(String(decoding: generated.privateKeyPEM, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test("Served certificates report each Secret's names and expiry")
    func servedCertificatesReportExpiry() throws {
        let context = try TLSServerContext(table: Fixtures.table)
        let served = context.servedCertificates()
        #expect(served.count == 3)
        let a = served.first { $0.secret == Fixtures.secretA }
        #expect(a?.serverNames == ["a.example.com"])
        #expect(a?.notAfter == Fixtures.a.notAfter)
        #expect(served.first { $0.secret == Fixtures.secretWildcard }?.serverNames == ["*.example.com"])
        #expect(served.first { $0.secret == Fixtures.secretDefault }?.serverNames == ["(default)"])
    }
}
