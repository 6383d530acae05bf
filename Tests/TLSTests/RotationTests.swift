import Routing
import Testing
@testable import TLS

@Suite struct RotationTests {
    static let v1 = Fixtures.issued("a.example.com v1", ["a.example.com"])
    static let v2 = Fixtures.issued("a.example.com v2", ["a.example.com"])

    static func table(_ a: SelfSignedCertificate) -> TLSTable {
        var t = Fixtures.table
        t.exact["a.example.com"] = Fixtures.tls(a, Fixtures.secretA)
        return t
    }

    @Test("After update(table:) new handshakes see the new certificate while an established session keeps working")
    func rotationReachesNewHandshakesOnly() throws {
        let context = try TLSServerContext(table: Self.table(Self.v1))
        let s1 = try TLSServerSession(context: context)
        let c1 = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        #expect(Pump.handshake(client: c1, server: s1).server == .complete)
        #expect(c1.peerCertificate?.commonName == "a.example.com v1")
        // Created before the update, handshake run after it: keeps the old selection.
        let s2 = try TLSServerSession(context: context)

        #expect(context.update(table: Self.table(Self.v2)).isEmpty)

        let s3 = try TLSServerSession(context: context)
        let c3 = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        #expect(Pump.handshake(client: c3, server: s3).server == .complete)
        #expect(c3.peerCertificate?.commonName == "a.example.com v2")

        let c2 = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        #expect(Pump.handshake(client: c2, server: s2).server == .complete)
        #expect(c2.peerCertificate?.commonName == "a.example.com v1")

        let payload = Fixtures.bytes(40_000)
        #expect(try Pump.send(payload, from: c1, to: s1) == payload)
        #expect(try Pump.send(payload, from: s1, to: c1) == payload)
        let served = context.servedCertificates().first { $0.secret == Fixtures.secretA }
        #expect(served?.notAfter == Self.v2.notAfter)
    }

    @Test("An unchanged certificate keeps its loaded context across updates")
    func unchangedCertificatesAreNotReloaded() throws {
        let context = try TLSServerContext(table: Self.table(Self.v1))
        let before = context.currentSelection()
        context.update(table: Self.table(Self.v2))
        let after = context.currentSelection()
        #expect(before.exact["a.example.com"]!.context !== after.exact["a.example.com"]!.context)
        #expect(before.wildcard[".example.com"]!.context === after.wildcard[".example.com"]!.context)
        #expect(before.fallback.context === after.fallback.context)
    }

    @Test("A malformed certificate keeps the one already served and reports the error")
    func malformedCertificateKeepsTheOldOne() throws {
        let context = try TLSServerContext(table: Self.table(Self.v1))
        var broken = Self.table(Self.v1)
        broken.exact["a.example.com"]!.certificatePEM = Array("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n".utf8)
        broken.exact["new.example.org"] = TLSCertificate(
            secret: ObjectRef(kind: "Secret", namespace: "default", name: "new-tls"),
            certificatePEM: Self.v2.certificatePEM, privateKeyPEM: Fixtures.a.privateKeyPEM, notAfter: 0)

        let errors = context.update(table: broken)
        #expect(errors.count == 2)
        let kept = errors.first { $0.secret == Fixtures.secretA }
        #expect(kept?.keptPrevious == true)
        #expect(kept?.serverNames == ["a.example.com"])
        if case .certificateDoesNotParse = kept?.error {} else { Issue.record("wrong error \(String(describing: kept))") }
        let mismatched = errors.first { $0.secret.name == "new-tls" }
        #expect(mismatched?.error == .keyDoesNotMatchCertificate)
        #expect(mismatched?.keptPrevious == false)
        #expect(context.lastLoadErrors == errors)

        #expect(try SNITests.commonNameSeen(context: context, name: "a.example.com") == "a.example.com v1")
        #expect(try SNITests.commonNameSeen(context: context, name: "new.example.org") == "default.example")
        // A later good update clears the errors.
        #expect(context.update(table: Self.table(Self.v2)).isEmpty)
        #expect(context.lastLoadErrors.isEmpty)
    }

    @Test("A broken default certificate falls back to the previous default, else the self-signed one")
    func brokenDefaultFallsBack() throws {
        var broken = Fixtures.table
        broken.defaultCertificate!.privateKeyPEM = Array("nope".utf8)
        let fresh = try TLSServerContext(table: broken, configuration: .init(fallbackCommonName: "fallback.portico"))
        #expect(fresh.lastLoadErrors.count == 1)
        #expect(try SNITests.commonNameSeen(context: fresh, name: nil) == "fallback.portico")

        let running = try TLSServerContext(table: Fixtures.table)
        #expect(running.update(table: broken).first?.keptPrevious == true)
        #expect(try SNITests.commonNameSeen(context: running, name: nil) == "default.example")
    }
}

@Suite struct UnchangedTableTests {
    @Test("Applying the same table again changes nothing and repeats the errors")
    func sameTableIsANoOp() throws {
        var table = Fixtures.table
        table.exact["bad.example.com"] = TLSCertificate(secret: ObjectRef(kind: "Secret", namespace: "d", name: "bad"),
                                                        certificatePEM: [], privateKeyPEM: [], notAfter: 0)
        let context = try TLSServerContext(table: table)
        let selection = context.currentSelection()
        #expect(context.lastLoadErrors.count == 1)
        #expect(context.update(table: table).count == 1)
        #expect(context.currentSelection() === selection)
    }
}
