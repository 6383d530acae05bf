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

@Test func theFastPathCanRecomputeOnlyTheServicesWhoseSlicesChanged() {
    var s = world(service("api"), slice("api-1", service: "api", [("10.3.0.1", true)]),
                  ingress("a").rule("a.test", path("/"), path("/api", to: "api")))
    let (before, _) = build(s)
    let old = s.endpointSlices
    s.upsert(slice("api-1", service: "api", [("10.3.0.2", true)]))
    s.upsert(slice("web-2", service: "web", [("10.0.0.9", true)]))
    let changed = SnapshotBuilder.changedServices(from: old, to: s.endpointSlices)
    #expect(changed == ["default/api", "default/web"])
    let onlyAPI = SnapshotBuilder.updatingEndpoints(before, state: s, services: ["default/api"])
    #expect(onlyAPI.lookup(host: "a.test", path: "/api")?.backend?.endpoints.map(\.host) == ["10.3.0.2"])
    #expect(onlyAPI.lookup(host: "a.test", path: "/")?.backend?.endpoints.map(\.host) == ["10.0.0.1"], "untouched")
    #expect(SnapshotBuilder.updatingEndpoints(before, state: s, services: changed) == SnapshotBuilder.updatingEndpoints(before, state: s))
    var moved = s
    moved.endpointSlices["default/api-1"]?.metadata.labels = [EndpointSlice.serviceNameLabel: "web"]
    #expect(SnapshotBuilder.changedServices(from: s.endpointSlices, to: moved.endpointSlices) == ["default/api", "default/web"])
    moved.endpointSlices.removeValue(forKey: "default/web-2")
    #expect(SnapshotBuilder.changedServices(from: s.endpointSlices, to: moved.endpointSlices) == ["default/api", "default/web"])
    #expect(SnapshotBuilder.updatingEndpoints(before, state: s, services: []) == before)
}

@Test func objectsWithEqualResourceVersionsCountAsUnchanged() {
    var a = slice("web-1", service: "web", [("10.0.0.1", true)])
    a.metadata.resourceVersion = "7"
    var b = a
    b.endpoints = []  // same resourceVersion: the API server would never send this, so it is trusted
    #expect(SnapshotBuilder.changedServices(from: ["default/web-1": a], to: ["default/web-1": b]).isEmpty)
    b.metadata.resourceVersion = "8"
    #expect(SnapshotBuilder.changedServices(from: ["default/web-1": a], to: ["default/web-1": b]) == ["default/web"])

    var s1 = world(ingress("a").rule("a.test", path("/")))
    var s2 = s1
    s2.upsert(b)
    #expect(s2.differsOnlyInEndpointSlices(from: s1))
    s2.upsert(service("api"))
    #expect(!s2.differsOnlyInEndpointSlices(from: s1))
    s1 = s2
    #expect(!s2.differsOnlyInEndpointSlices(from: s1), "identical states do not differ at all")
}
