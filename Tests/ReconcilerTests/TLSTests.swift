import KubeAPI
import Reconciler
import Routing
import Testing

@Test func tlsHostsMapToTheirSecret() {
    let ing = ingress("a").rule("a.test", path("/")).rule("*.w.test", path("/"))
        .tls("a-cert", hosts: ["a.test"]).tls("w-cert", hosts: ["*.w.test"])
    let (snap, warnings) = build(world(ing, tlsSecret("a-cert"), tlsSecret("w-cert")))
    #expect(warnings.isEmpty)
    #expect(snap.tls.exact["a.test"]?.secret.name == "a-cert")
    #expect(snap.tls.wildcard[".w.test"]?.secret.name == "w-cert")
    #expect(snap.tls.certificate(forServerName: "x.w.test")?.secret.name == "w-cert")
    #expect(snap.hosts["a.test"]?.tlsSecret?.name == "a-cert")
    #expect(snap.wildcardHosts[".w.test"]?.tlsSecret?.name == "w-cert")
    #expect(snap.tls.exact["a.test"]?.privateKeyPEM.isEmpty == false)
}

@Test func aWildcardCertificateCoversAnExactHostsVirtualHost() {
    let ing = ingress("a").rule("www.w.test", path("/")).tls("w-cert", hosts: ["*.w.test"])
    let snap = build(world(ing, tlsSecret("w-cert"))).snapshot
    #expect(snap.hosts["www.w.test"]?.tlsSecret?.name == "w-cert")
}

@Test func aTLSSectionWithoutHostsCoversTheIngresssRuleHosts() {
    let ing = ingress("a").rule("a.test", path("/")).rule("b.test", path("/")).tls("c", hosts: nil)
    let snap = build(world(ing, tlsSecret("c"))).snapshot
    #expect(snap.tls.exact.keys.sorted() == ["a.test", "b.test"])
}

/// A TLS problem: the Secrets present, the validator, and the expected warning.
struct TLSProblemCase: CustomTestStringConvertible, Sendable {
    var name: String
    var secrets: [Secret]
    var validator: CertificateValidator?
    var now: Int64 = 1_000
    var reason: String
    var testDescription: String { name }
}

@Test("Missing or unusable Secrets warn and the host falls back to the default certificate", arguments: [
    TLSProblemCase(name: "missing Secret", secrets: [], reason: "SecretNotFound"),
    TLSProblemCase(name: "no tls.key", secrets: [Secret(metadata: ObjectMeta(name: "c", namespace: "default"),
                                                        type: "kubernetes.io/tls", bytes: ["tls.crt": [1]])],
                   reason: "InvalidCertificate"),
    TLSProblemCase(name: "not PEM", secrets: [tlsSecret("c", cert: "hello")], reason: "InvalidCertificate"),
    TLSProblemCase(name: "validator refuses", secrets: [tlsSecret("c")],
                   validator: { _, _ in .failure(CertificateProblem("private key does not match the certificate")) },
                   reason: "InvalidCertificate"),
    TLSProblemCase(name: "expired", secrets: [tlsSecret("c")], validator: { _, _ in .success(999) },
                   reason: "InvalidCertificate"),
    TLSProblemCase(name: "Secret in another namespace", secrets: [tlsSecret("c", ns: "other")], reason: "SecretNotFound"),
])
func tlsProblems(_ c: TLSProblemCase) {
    var s = world(ingress("a").rule("a.test", path("/")).tls("c", hosts: ["a.test"]))
    for secret in c.secrets { s.upsert(secret) }
    let (snap, warnings) = build(s, SnapshotBuilderOptions(certificateValidator: c.validator, now: c.now))
    #expect(warnings.reasons == [c.reason])
    #expect(warnings.first?.field == "spec.tls[0].secretName")
    #expect(snap.tls.exact.isEmpty)
    #expect(snap.hosts["a.test"]?.tlsSecret == nil)
    #expect(snap.lookup(host: "a.test", path: "/") != nil, "the routes keep serving")
}

@Test func theValidatorsExpiryIsRecorded() {
    let s = world(ingress("a").rule("a.test", path("/")).tls("c", hosts: ["a.test"]), tlsSecret("c"))
    let opts = SnapshotBuilderOptions(certificateValidator: { _, _ in .success(2_000_000_000) }, now: 1_700_000_000)
    #expect(build(s, opts).snapshot.tls.exact["a.test"]?.notAfter == 2_000_000_000)
    let expired = SnapshotBuilderOptions(certificateValidator: { _, _ in .success(1_600_000_000) }, now: 1_700_000_000)
    #expect(build(s, expired).warnings.first?.message.contains("expired at 2020-09-13T12:26:40Z") == true)
}

@Test func theOldestIngressKeepsATLSHostAndTheOtherIsWarned() {
    let s = world(tlsSecret("one"), tlsSecret("two"),
                  ingress("old", created: "2024-01-01T00:00:00Z").rule("a.test", path("/")).tls("one", hosts: ["a.test"]),
                  ingress("new", created: "2024-02-01T00:00:00Z").rule("a.test", path("/x")).tls("two", hosts: ["a.test"]))
    let (snap, warnings) = build(s)
    #expect(snap.tls.exact["a.test"]?.secret.name == "one")
    #expect(warnings.reasons == ["TLSConflict"])
    #expect(warnings.first?.object.name == "new")
}

@Test func theDefaultCertificateOptionLoadsItsSecret() {
    let s = world(tlsSecret("fallback", ns: "portico"))
    let snap = build(s, SnapshotBuilderOptions(defaultCertificateSecret: "portico/fallback")).snapshot
    #expect(snap.tls.defaultCertificate?.secret.name == "fallback")
    #expect(snap.tls.certificate(forServerName: "unknown.test")?.secret.name == "fallback")
    let missing = build(s, SnapshotBuilderOptions(defaultCertificateSecret: "portico/nope")).warnings
    #expect(missing.reasons == ["SecretNotFound"])
}

@Test func anInvalidTLSHostWarns() {
    let s = world(tlsSecret("c"), ingress("a").rule("a.test", path("/")).tls("c", hosts: ["1.2.3.4", "a.test"]))
    let (snap, warnings) = build(s)
    #expect(warnings.reasons == ["InvalidHost"])
    #expect(warnings.first?.field == "spec.tls[0].hosts[0]")
    #expect(snap.tls.exact["a.test"] != nil)
}

@Test("Expiry times format as RFC 3339 and absurd ones do not trap", arguments: [
    (Int64(0), "1970-01-01T00:00:00Z"), (1_600_000_000, "2020-09-13T12:26:40Z"), (951_782_400, "2000-02-29T00:00:00Z"),
    (-86_400, "1969-12-31T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"), (Int64.max, "9999-12-31T23:59:59Z"),
])
func expiryFormatting(seconds: Int64, text: String) {
    let s = world(ingress("a").rule("a.test", path("/")).tls("c", hosts: ["a.test"]), tlsSecret("c"))
    let opts = SnapshotBuilderOptions(certificateValidator: { _, _ in .success(seconds) }, now: Int64.max)
    #expect(build(s, opts).warnings.first?.message.contains("expired at \(text)") == true)
}

@Test func anAbsurdlyEarlyExpiryDoesNotTrap() {
    let s = world(ingress("a").rule("a.test", path("/")).tls("c", hosts: ["a.test"]), tlsSecret("c"))
    let opts = SnapshotBuilderOptions(certificateValidator: { _, _ in .success(Int64.min) }, now: 0)
    #expect(build(s, opts).warnings.reasons == ["InvalidCertificate"])
}
