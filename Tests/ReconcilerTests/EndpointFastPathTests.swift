import KubeAPI
import Reconciler
import Routing
import Testing

@Test func theFastPathReplacesOnlyEndpointLists() {
    var s = world(service("api"), ingress("a").rule("a.test", path("/"), path("/api", to: "api")).tls("c", hosts: ["a.test"]),
                  ingress("b").rule("a.test", path("/", to: "missing")))
    let (before, _) = build(s)
    s.upsert(slice("web-1", service: "web", [("10.0.0.1", false), ("10.0.0.5", true)]))
    s.upsert(slice("api-1", service: "api", [("10.3.0.1", true)]))
    let after = SnapshotBuilder.updatingEndpoints(before, state: s)
    #expect(after.hosts == before.hosts)
    #expect(after.warnings == before.warnings)
    #expect(after.tls == before.tls)
    #expect(after.lookup(host: "a.test", path: "/")?.backend?.endpoints.map(\.description) == ["10.0.0.5:8080"])
    #expect(after.lookup(host: "a.test", path: "/api")?.backend?.endpoints.map(\.description) == ["10.3.0.1:8080"])
    // A full rebuild from the same state agrees with the fast path.
    #expect(build(s).snapshot.backends == after.backends)
}

@Test func theFastPathEmptiesABackendWhoseSlicesAreGone() {
    var s = world(ingress("a").rule("a.test", path("/")))
    let (before, _) = build(s)
    s.endpointSlices.removeAll()
    #expect(SnapshotBuilder.updatingEndpoints(before, state: s).backends.first?.endpoints == [])
}

@Test func clusterStateAddsReplacesAndRemovesByKind() {
    var s = ClusterState()
    let added = [s.upsert(service("web")), s.upsert(service("web")), s.upsert(ingressClass())]
    #expect(added == [true, true, true])
    #expect(s.count == 2)
    #expect(s.ingressClasses["portico"] != nil, "cluster-scoped keys have no namespace")
    let removed = [s.remove(service("web")), s.remove(service("web"))]
    #expect(removed == [true, false])
    #expect(s.count == 1)
}
