import Controller
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Routing
import Telemetry
import Testing

@Suite struct ClusterControllerTests {
    static let configuration = ClusterControllerConfiguration(minRebuildInterval: .milliseconds(10), backoff: testBackoff)

    func seed(_ server: FakeAPIServer) {
        server.store.apply(Fixture.ingressClass())
        server.store.apply(Fixture.service("shop", "web"))
        server.store.apply(Fixture.slice("shop", "web-1", service: "web", addresses: ["10.0.0.1"]))
        server.store.apply(Fixture.ingress("shop", "front", host: "shop.example", service: "web"))
    }

    func endpoints(_ store: SnapshotStore, _ host: String) -> [String] {
        store.load().lookup(host: host, path: "/")?.backend?.endpoints.map(\.description) ?? []
    }

    @Test("Nothing is published until every kind has synced")
    func noPublishBeforeSync() throws {
        try withServer { server in
            seed(server)
            server.failingCollections = ["/api/v1/configmaps"]
            let store = SnapshotStore()
            let controller = ClusterController(client: makeClient(server), store: store, configuration: Self.configuration)
            controller.start()
            defer { controller.stop() }
            #expect(eventually { controller.state.ingresses.count == 1 && controller.state.endpointSlices.count == 1 })
            usleep(200_000)
            #expect(!store.hasSnapshot)
            #expect(!controller.hasSynced)
            server.failingCollections = []
            #expect(eventually(timeout: .seconds(2)) { store.hasSnapshot })
            #expect(endpoints(store, "shop.example") == ["10.0.0.1:8080"])
        }
    }

    @Test("Adds, changes and deletes of each kind reach the published snapshot within a second")
    func changesReachTheSnapshot() throws {
        try withServer { server in
            seed(server)
            let store = SnapshotStore()
            let controller = ClusterController(client: makeClient(server), store: store, configuration: Self.configuration)
            controller.start()
            defer { controller.stop() }
            #expect(eventually { endpoints(store, "shop.example") == ["10.0.0.1:8080"] })

            // EndpointSlice: modify, add, delete; the fast path, no full rebuild.
            #expect(eventually { controller.statistics.fullRebuilds >= 1 })  // counted just after the publish
            let fullBefore = controller.statistics.fullRebuilds
            server.store.apply(Fixture.slice("shop", "web-1", service: "web", addresses: ["10.0.0.1", "10.0.0.2"]))
            #expect(eventually { endpoints(store, "shop.example") == ["10.0.0.1:8080", "10.0.0.2:8080"] })
            server.store.apply(Fixture.slice("shop", "web-2", service: "web", addresses: ["10.0.0.3"]))
            #expect(eventually { endpoints(store, "shop.example").count == 3 })
            server.store.delete(EndpointSlice.self, namespace: "shop", name: "web-1")
            #expect(eventually { endpoints(store, "shop.example") == ["10.0.0.3:8080"] })
            #expect(controller.statistics.fullRebuilds == fullBefore)
            #expect(eventually { controller.statistics.endpointUpdates >= 3 })

            // Ingress: add, modify, delete.
            server.store.apply(Fixture.ingress("shop", "second", host: "b.example", service: "web"))
            #expect(eventually { store.load().lookup(host: "b.example", path: "/") != nil })
            server.store.apply(Fixture.ingress("shop", "second", host: "c.example", service: "web"))
            #expect(eventually { store.load().lookup(host: "c.example", path: "/") != nil
                && store.load().lookup(host: "b.example", path: "/") == nil })
            server.store.delete(Ingress.self, namespace: "shop", name: "second")
            #expect(eventually { store.load().lookup(host: "c.example", path: "/") == nil })

            // Service: delete, then add back.
            server.store.delete(Service.self, namespace: "shop", name: "web")
            #expect(eventually { store.load().warnings.contains { $0.reason == "ServiceNotFound" } })
            server.store.apply(Fixture.service("shop", "web"))
            #expect(eventually { !store.load().warnings.contains { $0.reason == "ServiceNotFound" } && endpoints(store, "shop.example").count == 1 })

            // Secret: only TLS Secrets are watched.
            server.store.apply(Secret(metadata: ObjectMeta(name: "cert", namespace: "shop"), type: Secret.tlsType,
                                      data: ["tls.crt": "Y2VydA==", "tls.key": "a2V5"]))
            server.store.apply(Secret(metadata: ObjectMeta(name: "opaque", namespace: "shop"), type: "Opaque", data: [:]))
            #expect(eventually { controller.state.secrets["shop/cert"] != nil })
            #expect(controller.state.secrets["shop/opaque"] == nil)

            // ConfigMap: reaches the state.
            server.store.apply(ConfigMap(metadata: ObjectMeta(name: "cfg", namespace: "shop"), data: ["a": "b"]))
            #expect(eventually { controller.state.configMaps["shop/cfg"] != nil })

            // IngressClass: deleting ours stops serving its Ingresses.
            server.store.delete(IngressClass.self, namespace: nil, name: "portico")
            #expect(eventually { store.load().lookup(host: "shop.example", path: "/") == nil })
            #expect(controller.statistics.eventsByKind["EndpointSlice"] == 4)  // 1 listed + 3 watched
        }
    }

    @Test("During an API outage the last snapshot keeps serving and the controller reports disconnected")
    func outageKeepsServing() throws {
        try withServer { server in
            seed(server)
            let store = SnapshotStore()
            let controller = ClusterController(client: makeClient(server), store: store, configuration: Self.configuration)
            controller.start()
            defer { controller.stop() }
            #expect(eventually { controller.isConnected && store.hasSnapshot })
            let generation = store.generation
            server.stop()
            #expect(eventually(timeout: .seconds(2)) { !controller.isConnected })
            #expect(controller.informerReports.contains { !$0.connected && $0.lastError != nil })
            #expect(endpoints(store, "shop.example") == ["10.0.0.1:8080"])
            #expect(store.generation == generation)
            try server.restart()
            server.store.apply(Fixture.slice("shop", "web-1", service: "web", addresses: ["10.0.0.9"]))
            #expect(eventually(timeout: .seconds(2)) { endpoints(store, "shop.example") == ["10.0.0.9:8080"] })
            #expect(eventually { controller.isConnected })
        }
    }

    @Test("--watch-namespace limits every informer to one namespace")
    func watchNamespace() throws {
        try withServer { server in
            seed(server)
            server.store.apply(Fixture.service("other", "web"))
            server.store.apply(Fixture.ingress("other", "front", host: "other.example", service: "web"))
            let store = SnapshotStore()
            var configuration = Self.configuration
            configuration.watchNamespace = "shop"
            let controller = ClusterController(client: makeClient(server), store: store, configuration: configuration)
            controller.start()
            defer { controller.stop() }
            #expect(eventually { store.hasSnapshot })
            #expect(store.load().lookup(host: "shop.example", path: "/") != nil)
            #expect(store.load().lookup(host: "other.example", path: "/") == nil)
            #expect(controller.state.services.keys.sorted() == ["shop/web"])
        }
    }
}

@Suite struct ClusterControllerMetricsTests {
    @Test("Events per kind, rebuilds, build duration, event-to-live latency, requests and the connected gauge are exported")
    func metricsAreExported() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.service("shop", "web"))
            let metrics = PorticoMetrics(registry: MetricsRegistry())
            let store = SnapshotStore()
            let controller = ClusterController(client: KubeClient(connection: KubeConnection(server: server.url), metrics: metrics),
                                               store: store, configuration: ClusterControllerTests.configuration, metrics: metrics)
            controller.start()
            defer { controller.stop() }
            #expect(eventually { store.hasSnapshot })
            server.store.apply(Fixture.slice("shop", "web-1", service: "web", addresses: ["10.0.0.1"]))
            #expect(eventually { metrics.kubeEventToLive.state.count >= 3 })
            #expect(eventually { metrics.kubeConnected.value == 1 })
            #expect(eventually { metrics.registry.render().contains(#"portico_kube_events_total{kind="EndpointSlice",type="ADDED"} 1"#) })
            let text = metrics.registry.render()
            #expect(text.contains(#"portico_kube_events_total{kind="Service",type="ADDED"} 1"#))
            #expect(text.contains(#"portico_kube_requests_total{verb="list",code="200"} 6"#))
            #expect(metrics.snapshotRebuilds.value >= 2)
            #expect(metrics.snapshotBuildDuration.state.count >= 2)
        }
    }
}
