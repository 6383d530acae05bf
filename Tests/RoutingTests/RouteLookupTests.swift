import Testing
@testable import Routing

private let ing = ObjectRef(kind: "Ingress", namespace: "default", name: "web")

private func snapshot() -> RoutingSnapshot {
    let a = Backend(name: BackendName(namespace: "default", service: "a", port: "80"),
                    endpoints: [Endpoint(host: "127.0.0.1", port: 9001)])
    let b = Backend(name: BackendName(namespace: "default", service: "b", port: "80"),
                    endpoints: [Endpoint(host: "127.0.0.1", port: 9002)])
    let foo = VirtualHost(name: "foo.example.com", routes: [
        Route(match: .exact("/api"), backend: 1, source: ing),
        Route(match: .prefix("/api"), backend: 0, source: ing),
        Route(match: .prefix("/"), backend: 1, source: ing),
    ])
    let wild = VirtualHost(name: "*.example.com", routes: [Route(match: .prefix("/"), backend: 0, source: ing)])
    return RoutingSnapshot(hosts: ["foo.example.com": foo], wildcardHosts: [".example.com": wild],
                           backends: [a, b])
}

@Test("Prefix matches element-wise and never a partial element",
      arguments: [("/foo", true), ("/foo/", true), ("/foo/bar", true), ("/foobar", false), ("/", false)])
func prefixMatchesByElement(path: String, expected: Bool) {
    #expect(PathMatch.prefix("/foo").matches(path: path) == expected)
}

@Test func exactBeatsPrefixAndHostIgnoresCaseAndPort() {
    let s = snapshot()
    #expect(s.lookup(host: "FOO.example.com:8080", path: "/api")?.backend?.name.service == "b")
    #expect(s.lookup(host: "foo.example.com", path: "/api/x")?.backend?.name.service == "a")
    #expect(s.lookup(host: "bar.example.com", path: "/x")?.backend?.name.service == "a")
    #expect(s.lookup(host: "a.b.example.com", path: "/x") == nil, "wildcards cover one label only")
    #expect(s.lookup(host: "other.test", path: "/") == nil)
}

@Test func storePublishesIncreasingGenerationsAndReadersSeeThem() {
    let store = SnapshotStore()
    var reader = SnapshotReader(store: store)
    #expect(!store.hasSnapshot)
    #expect(reader.current().generation == 0)
    store.publish(snapshot())
    store.publish(snapshot())
    #expect(reader.current().generation == 2)
    #expect(reader.current().hosts.count == 1)
}
