import Controller
import FakeKubeAPI
import KubeAPI
import KubeClient
import Routing
import Synchronization
import Testing

/// Cluster mode resolves ExternalName Services through the same publisher as the
/// manifests folder (a fake lookup: no network).
@Test func theClusterControllerPublishesTheAddressesOfAnExternalNameService() throws {
    try withServer { server in
        server.store.apply(Fixture.ingressClass())
        server.store.apply(Service(metadata: ObjectMeta(name: "billing", namespace: "shop"),
                                   spec: ServiceSpec(type: "ExternalName", ports: [ServicePort(name: "http", port: 80)],
                                                     externalName: "billing.example.test")))
        server.store.apply(Fixture.ingress("shop", "front", host: "shop.example", service: "billing"))
        var configuration = ClusterControllerConfiguration(minRebuildInterval: .milliseconds(10), backoff: testBackoff)
        configuration.externalNames = ExternalNameOptions(
            lookup: { $0 == "billing.example.test" ? ["192.0.2.80", "2001:db8::80"] : nil })
        let store = SnapshotStore()
        let controller = ClusterController(client: makeClient(server), store: store, configuration: configuration)
        controller.start()
        defer { controller.stop() }
        let endpoints = { store.load().lookup(host: "shop.example", path: "/")?.backend?.endpoints.map(\.description) ?? [] }
        #expect(eventually { endpoints() == ["192.0.2.80:80", "[2001:db8::80]:80"] })
        #expect(store.load().lookup(host: "shop.example", path: "/")?.backend?.settings.upstreamServerName == "billing.example.test")
    }
}

@Test func aDNSChangeReachesTheClusterSnapshotAndRunsABuildWithoutAnyKubernetesChange() throws {
    try withServer { server in
        server.store.apply(Fixture.ingressClass())
        server.store.apply(Service(metadata: ObjectMeta(name: "billing", namespace: "shop"),
                                   spec: ServiceSpec(type: "ExternalName", ports: [ServicePort(name: "http", port: 80)],
                                                     externalName: "billing.example.test")))
        server.store.apply(Fixture.ingress("shop", "front", host: "shop.example", service: "billing"))
        let answer = Mutex<[String]?>(["192.0.2.1"])
        var configuration = ClusterControllerConfiguration(minRebuildInterval: .milliseconds(10), backoff: testBackoff)
        configuration.externalNames = ExternalNameOptions(
            refreshInterval: .milliseconds(50), retryInterval: .milliseconds(50), gracePeriod: .milliseconds(100),
            tickInterval: .milliseconds(10), lookup: { _ in answer.withLock { $0 } })
        let store = SnapshotStore()
        let builds = Mutex<[[String]]>([])
        let controller = ClusterController(client: makeClient(server), store: store, configuration: configuration,
                                           onBuild: { b in builds.withLock { $0.append(b.warnings.map(\.reason)) } })
        controller.start()
        defer { controller.stop() }
        let endpoints = { store.load().lookup(host: "shop.example", path: "/")?.backend?.endpoints.map(\.description) ?? [] }
        #expect(eventually { endpoints() == ["192.0.2.1:80"] })

        answer.withLock { $0 = ["192.0.2.2"] }
        #expect(eventually { endpoints() == ["192.0.2.2:80"] })

        // Failing past the grace period: the route empties and a build hands the warning on.
        answer.withLock { $0 = nil }
        #expect(eventually { endpoints().isEmpty })
        #expect(eventually { builds.withLock { $0.last == ["ExternalNameUnresolved"] } })
    }
}
