import KubeAPI
import Reconciler
import Routing
import Testing

@Test func theOldestIngressWinsAConflictAndTheOtherIsWarned() {
    let s = world(service("new"), slice("n", service: "new", [("10.4.0.1", true)]),
                  ingress("z-old", created: "2024-01-01T00:00:00Z").rule("a.test", path("/api")),
                  ingress("a-new", created: "2025-06-01T00:00:00Z").rule("a.test", path("/api", to: "new"), path("/new", to: "new")))
    let (snap, warnings) = build(s)
    #expect(snap.lookup(host: "a.test", path: "/api")?.backend?.name.service == "web")
    #expect(snap.lookup(host: "a.test", path: "/new")?.backend?.name.service == "new", "its other paths still serve")
    #expect(warnings.count == 1)
    #expect(warnings.first?.reason == "RouteConflict")
    #expect(warnings.first?.object.name == "a-new")
    #expect(warnings.first?.field == "spec.rules[0].http.paths[0]")
}

@Test func withoutTimestampsNamespaceThenNameDecides() {
    let s = world(service("web", ns: "a"), service("web", ns: "b"), ingress("x", ns: "b").rule("a.test", path("/", to: "web")),
                  ingress("y", ns: "a").rule("a.test", path("/", to: "web")))
    let (snap, warnings) = build(s)
    #expect(snap.lookup(host: "a.test", path: "/")?.route.source.namespace == "a")
    #expect(warnings.map(\.object.namespace) == ["b"])
}

@Test func samePathWithDifferentTypesDoesNotConflict() {
    let (snap, warnings) = build(world(ingress("a").rule("a.test", path("/foo", "Exact")),
                                       ingress("b").rule("a.test", path("/foo", "Prefix"))))
    #expect(warnings.isEmpty)
    #expect(snap.hosts["a.test"]?.routes.count == 2)
}

@Test func aBadIngressNeverRemovesGoodRoutesOfOthers() {
    let bad = ingress("bad").rule("10.0.0.1", path("/")).rule("b.test", path("nope"), path("/", to: "missing"))
    let good = ingress("good").rule("a.test", path("/"))
    let (snap, warnings) = build(world(bad, good))
    #expect(snap.lookup(host: "a.test", path: "/")?.backend?.endpoints.count == 1)
    #expect(Set(warnings.reasons) == ["InvalidHost", "InvalidPath", "ServiceNotFound"])
    #expect(warnings.allSatisfy { $0.object.name == "bad" })
}

@Test func buildsAreDeterministic() {
    let s = world(service("api"), ingress("a").rule("a.test", path("/", to: "api"), path("/x")).rule("*.w.test", path("/")),
                  ingress("b").rule("a.test", path("/x"), path("/y", to: "nope")))
    let first = build(s)
    for _ in 0..<5 {
        let again = build(s)
        #expect(again.snapshot == first.snapshot)
        #expect(again.warnings == first.warnings)
    }
    #expect(first.warnings == first.warnings.sorted())
    #expect(first.snapshot.warnings == first.warnings)
}
