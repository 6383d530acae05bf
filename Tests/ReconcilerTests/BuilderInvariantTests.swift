import KubeAPI
import Reconciler
import Routing
import Testing

/// A small deterministic generator (xorshift), so failures reproduce.
private struct Rand {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(n))
    }
    mutating func pick<T>(_ xs: [T]) -> T { xs[next(xs.count)] }
}

private let hosts: [String?] = [nil, "a.test", "A.test", "*.w.test", "x.w.test", "1.2.3.4", "bad_host", "*.*.x", ""]
private let paths: [String?] = [nil, "/", "/a", "/a/", "/a/b", "a", "/a//b", "/(x", "/v[0-9]+"]
private let types: [String?] = [nil, "Prefix", "Exact", "ImplementationSpecific", "Other"]
private let services = ["web", "api", "missing", "ext"]
private let annotationSets: [[String: String]?] = [
    nil, ["portico.io/use-regex": "true"], ["portico.io/ssl-redirect": "maybe"],
    ["nginx.ingress.kubernetes.io/backend-protocol": "HTTPS"], ["kubernetes.io/ingress.class": "portico"],
]

/// A random but reproducible mix of valid and broken objects.
private func randomState(seed: UInt64) -> ClusterState {
    var r = Rand(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
    var s = state(ingressClass(), ingressClass("other", controller: "x/y"), service("web"), service("api"),
                  externalService("ext", host: "db.example.org"), tlsSecret("good"), tlsSecret("bad", cert: "junk"),
                  slice("web-1", service: "web", [("10.0.0.1", true), ("10.0.0.2", false)]),
                  slice("api-1", service: "api", addressType: "IPv6", [("fd00::1", nil)]))
    for i in 0..<(1 + r.next(12)) {
        var ing = ingress("ing-\(i)", ns: r.pick(["default", "other"]), className: r.pick(["portico", "other", "nope", nil]),
                          created: r.pick([nil, "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"]),
                          annotations: r.pick(annotationSets))
        for _ in 0..<r.next(4) {
            var ps: [HTTPIngressPath] = []
            for _ in 0..<r.next(4) {
                ps.append(HTTPIngressPath(path: r.pick(paths), pathType: r.pick(types),
                    backend: r.next(8) == 0
                        ? IngressBackend(resource: TypedLocalObjectReference(kind: "Bucket", name: "b"))
                        : IngressBackend(service: IngressServiceBackend(name: r.pick(services),
                              port: r.pick([ServiceBackendPort(number: 80), ServiceBackendPort(name: "http"),
                                            ServiceBackendPort(number: 81), ServiceBackendPort()])))))
            }
            ing.spec.rules = (ing.spec.rules ?? []) + [IngressRule(host: r.pick(hosts), http: HTTPIngressRuleValue(paths: ps))]
        }
        if r.next(3) == 0 { ing = ing.tls(r.pick(["good", "bad", "missing", nil]), hosts: r.pick([nil, ["a.test"], ["*.w.test", "1.1.1.1"]])) }
        if r.next(4) == 0 { ing = ing.defaultBackend(r.pick(services), port: 80) }
        s.upsert(ing)
    }
    return s
}

@Test("Random mixes of valid and broken objects build sound, deterministic snapshots", arguments: 1...60)
func builderInvariants(seed: UInt64) {
    let s = randomState(seed: seed)
    let (snap, warnings) = build(s, SnapshotBuilderOptions(defaultBackend: "default/web:80"))
    #expect(warnings == warnings.sorted())
    #expect(snap.backends.map(\.name) == snap.backends.map(\.name).sorted())
    var all = Array(snap.hosts.values) + Array(snap.wildcardHosts.values)
    if let d = snap.defaultHost { all.append(d) }
    for vh in all {
        #expect(vh.routes == vh.routes.sorted(by: Route.matchOrder))
        for r in vh.routes {
            if let b = r.backend { #expect(b < snap.backends.count) }
            #expect(r.match.isValidPattern)
            if case .prefix(let p) = r.match { #expect(p == "/" || !p.hasSuffix("/")) }
        }
    }
    for (name, vh) in snap.hosts { #expect(name == vh.name && name == name.lowercased()) }
    for w in warnings { #expect(!w.message.isEmpty && !w.field.isEmpty) }
    let again = build(s, SnapshotBuilderOptions(defaultBackend: "default/web:80"))
    #expect(again.snapshot == snap && again.warnings == warnings)
    #expect(SnapshotBuilder.updatingEndpoints(snap, state: s) == snap, "same slices, same endpoints")
}
