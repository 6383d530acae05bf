import Foundation
import Routing
import Testing
@testable import TLS

@Suite struct ValidatorTests {
    static let now = Int64(Date().timeIntervalSince1970)
    static let expired = try! SelfSignedCertificate.generate(
        commonName: "old.example.com", subjectAlternativeNames: ["old.example.com"],
        notBefore: now - 10 * 86_400, notAfter: now - 86_400)
    static let future = try! SelfSignedCertificate.generate(
        commonName: "soon.example.com", subjectAlternativeNames: ["soon.example.com"],
        notBefore: now + 86_400, notAfter: now + 10 * 86_400)
    static let damaged = Array("-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n".utf8)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var certificate: [UInt8]
        var key: [UInt8]
        var expected: TLSCertificateError
        var testDescription: String { name }
    }

    static let failures: [Case] = [
        Case(name: "empty tls.crt", certificate: [], key: Fixtures.a.privateKeyPEM, expected: .noCertificateInChain),
        Case(name: "tls.crt without a certificate block", certificate: Fixtures.a.privateKeyPEM,
             key: Fixtures.a.privateKeyPEM, expected: .noCertificateInChain),
        Case(name: "key and certificate swapped", certificate: Fixtures.a.privateKeyPEM,
             key: Fixtures.a.certificatePEM, expected: .noCertificateInChain),
        Case(name: "mismatched pair", certificate: Fixtures.a.certificatePEM, key: Fixtures.wildcard.privateKeyPEM,
             expected: .keyDoesNotMatchCertificate),
        Case(name: "intermediate first", certificate: Fixtures.certificateAuthority.certificatePEM + Fixtures.a.certificatePEM,
             key: Fixtures.a.privateKeyPEM, expected: .keyDoesNotMatchCertificate),
        Case(name: "expired", certificate: expired.certificatePEM, key: expired.privateKeyPEM,
             expected: .expired(notAfter: expired.notAfter)),
        Case(name: "not yet valid", certificate: future.certificatePEM, key: future.privateKeyPEM,
             expected: .notYetValid(notBefore: now + 86_400)),
    ]

    @Test("Broken pairs are refused with an error that says what to fix", arguments: failures)
    func brokenPairsAreRefused(c: Case) {
        let result = TLSCertificateValidator.validate(certificatePEM: c.certificate, privateKeyPEM: c.key, now: Self.now)
        #expect(result == .failure(c.expected))
    }

    @Test("A damaged certificate block or key does not parse")
    func damagedPEMDoesNotParse() {
        let cert = TLSCertificateValidator.validate(certificatePEM: Self.damaged, privateKeyPEM: Fixtures.a.privateKeyPEM, now: Self.now)
        guard case .failure(.certificateDoesNotParse(let detail)) = cert else {
            Issue.record("expected certificateDoesNotParse, got \(cert)")
            return
        }
        #expect(!detail.isEmpty)
        let key = TLSCertificateValidator.validate(certificatePEM: Fixtures.a.certificatePEM, privateKeyPEM: Array("garbage".utf8), now: Self.now)
        guard case .failure(.privateKeyDoesNotParse) = key else {
            Issue.record("expected privateKeyDoesNotParse, got \(key)")
            return
        }
    }

    @Test("A good chain reports its names, validity and length")
    func goodChainIsDescribed() throws {
        let chain = Fixtures.upstream.certificatePEM + Fixtures.certificateAuthority.certificatePEM
        let info = try TLSCertificateValidator.validate(certificatePEM: chain, privateKeyPEM: Fixtures.upstream.privateKeyPEM,
                                                        now: Self.now).get()
        #expect(info.commonName == "upstream.test")
        #expect(info.dnsNames == ["upstream.test"])
        #expect(info.ipAddresses == ["127.0.0.1"])
        #expect(info.notAfter == Fixtures.upstream.notAfter)
        #expect(info.notBefore <= Self.now)
        #expect(info.chainLength == 2)
    }

    @Test("Error messages name the Secret key and the fix")
    func messagesAreActionable() {
        #expect(TLSCertificateError.noCertificateInChain.description.contains("tls.crt"))
        #expect(TLSCertificateError.keyDoesNotMatchCertificate.description.contains("tls.key"))
        #expect(TLSCertificateError.expired(notAfter: 5).description.contains("renew"))
    }

    @Test("The builder-shaped closure returns notAfter or the problem, leaving dates to the builder")
    func builderClosure() {
        let validate = TLSCertificateValidator.notAfterValidator()
        #expect(validate(Fixtures.a.certificatePEM, Fixtures.a.privateKeyPEM) == .success(Fixtures.a.notAfter))
        // Expiry is the builder's call (it has `now`): the closure reports notAfter.
        #expect(validate(Self.expired.certificatePEM, Self.expired.privateKeyPEM) == .success(Self.expired.notAfter))
        #expect(validate(Fixtures.a.certificatePEM, Fixtures.wildcard.privateKeyPEM) == .failure(.keyDoesNotMatchCertificate))
    }

    @Test("An RSA pair made by the openssl CLI validates and is served")
    func opensslCLIPairValidates() throws {
        guard let openssl = OpenSSLTool.path else { return }
        let dir = try OpenSSLTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let status = try OpenSSLTool.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                                   "-subj", "/CN=rsa.example.com", "-addext", "subjectAltName=DNS:rsa.example.com",
                                                   "-keyout", "\(dir)/tls.key", "-out", "\(dir)/tls.crt"])
        #expect(status == 0)
        let crt = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/tls.crt")))
        let key = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/tls.key")))
        let info = try TLSCertificateValidator.validate(certificatePEM: crt, privateKeyPEM: key,
                                                        now: Int64(Date().timeIntervalSince1970) + 60).get()
        #expect(info.dnsNames == ["rsa.example.com"])

        var table = Fixtures.table
        table.exact["rsa.example.com"] = TLSCertificate(secret: ObjectRef(kind: "Secret", namespace: "d", name: "rsa"),
                                                        certificatePEM: crt, privateKeyPEM: key, notAfter: info.notAfter)
        let context = try TLSServerContext(table: table)
        #expect(try SNITests.commonNameSeen(context: context, name: "rsa.example.com") == "rsa.example.com")
    }
}
