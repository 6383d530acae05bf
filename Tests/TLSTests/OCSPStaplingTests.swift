import Foundation
import Routing
import Testing
@testable import TLS

@Suite struct OCSPStaplingTests {
    static let now = Int64(Date().timeIntervalSince1970)
    static let leaf = try! SelfSignedCertificate.generate(
        commonName: "ocsp.example.com", subjectAlternativeNames: ["ocsp.example.com"],
        issuer: Fixtures.certificateAuthority, ocspResponderURL: "http://127.0.0.1:9/ocsp")
    static let secret = ObjectRef(kind: "Secret", namespace: "default", name: "ocsp-tls")

    static func context() throws -> TLSServerContext {
        var table = Fixtures.table
        table.exact["ocsp.example.com"] = TLSCertificate(
            secret: secret, certificatePEM: leaf.certificatePEM + Fixtures.certificateAuthority.certificatePEM,
            privateKeyPEM: leaf.privateKeyPEM, notAfter: leaf.notAfter)
        return try TLSServerContext(table: table)
    }

    static func response(_ status: OCSPTestResponder.Status = .good, issuer: SelfSignedCertificate = Fixtures.certificateAuthority,
                         thisUpdate: Int64 = now - 60, nextUpdate: Int64 = now + 3600) -> [UInt8] {
        OCSPTestResponder.response(leafPEM: leaf.certificatePEM, issuer: issuer, status: status,
                                   thisUpdate: thisUpdate, nextUpdate: nextUpdate)!
    }

    /// The staple a status-requesting client receives for `name`.
    static func stapleSeen(_ context: TLSServerContext, name: String) throws -> [UInt8]? {
        let s = try TLSServerSession(context: context)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: name)
        c.requestOCSPStatus()
        #expect(Pump.handshake(client: c, server: s).client == .complete)
        return c.stapledOCSPResponse
    }

    @Test("Only certificates with a responder URL and their issuer in tls.crt get a request")
    func requestsAreListed() throws {
        let context = try Self.context()
        let requests = context.ocspRequests()
        #expect(requests.count == 1)
        #expect(requests.first?.secret == Self.secret)
        #expect(requests.first?.responderURL == "http://127.0.0.1:9/ocsp")
        #expect(requests.first?.body.first == 0x30)  // a DER SEQUENCE
        #expect(requests.first?.stapledUntil == nil)
    }

    @Test("A good response is stapled for clients that ask, with its nextUpdate")
    func goodResponseIsStapled() throws {
        let context = try Self.context()
        let request = try #require(context.ocspRequests().first)
        #expect(try Self.stapleSeen(context, name: "ocsp.example.com") == nil)
        let good = Self.response()
        let installed = context.installOCSPResponse(good, for: request, now: Self.now)
        guard case .success(let nextUpdate) = installed else {
            Issue.record("install failed: \(installed)")
            return
        }
        #expect(abs(nextUpdate - (Self.now + 3600)) <= 1)
        #expect(try Self.stapleSeen(context, name: "ocsp.example.com") == good)
        #expect(try Self.stapleSeen(context, name: "a.example.com") == nil)
        #expect(context.ocspRequests().first?.stapledUntil == nextUpdate)
    }

    @Test("Bad responses are refused and never replace a good staple",
          arguments: ["revoked", "other CA", "garbage", "stale"])
    func badResponsesAreRefused(kind: String) throws {
        let context = try Self.context()
        let request = try #require(context.ocspRequests().first)
        let good = Self.response()
        _ = context.installOCSPResponse(good, for: request, now: Self.now)
        let bad: [UInt8]
        let expected: TLSOCSPError?
        switch kind {
        case "revoked": bad = Self.response(.revoked); expected = .revoked
        case "other CA": bad = Self.response(issuer: Fixtures.otherAuthority); expected = nil
        case "garbage": bad = Array("not der".utf8); expected = .responseDoesNotParse
        default: bad = Self.response(thisUpdate: Self.now - 7200, nextUpdate: Self.now - 3600); expected = .outsideValidity
        }
        let result = context.installOCSPResponse(bad, for: request, now: Self.now)
        if let expected {
            #expect(result == .failure(expected))
        } else if case .failure(.signatureInvalid) = result {
        } else {
            Issue.record("expected signatureInvalid, got \(result)")
        }
        #expect(try Self.stapleSeen(context, name: "ocsp.example.com") == good)
    }

    @Test("A response for a certificate that was rotated away is refused")
    func rotatedCertificateIsRefused() throws {
        let context = try Self.context()
        let request = try #require(context.ocspRequests().first)
        context.update(table: Fixtures.table)
        #expect(context.installOCSPResponse(Self.response(), for: request, now: Self.now) == .failure(.certificateNoLongerServed))
        #expect(context.ocspRequests().isEmpty)
    }
}
