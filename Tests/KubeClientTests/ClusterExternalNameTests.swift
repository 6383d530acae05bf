import Controller
import KubeAPI
import KubeClient
import Routing
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
