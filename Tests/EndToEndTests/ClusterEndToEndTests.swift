import FakeKubeAPI
import Foundation
import KubeAPI
import TLS
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Cluster mode through the proxy: objects changed at a fake API server on 127.0.0.1 are
/// checked by real requests to echo backends, never by reading the snapshot.
@Suite struct ClusterEndToEndTests {
    /// Names of the echoes answering `count` requests for `host` (nil entries dropped).
    func names(_ rig: ClusterRig, host: String, count: Int = 6) -> Set<String> {
        Set((0..<count).compactMap { _ in rig.fetch(host: host)?.name })
    }

    @Test("readyz answers 503 before the first sync and 200 after; Ingress add, modify and delete are served")
    func readinessAndIngressChanges() throws {
        let rig = try ClusterRig { api, rig in
            api.store.apply(Fixture.ingressClass())
            rig.backend("web-a", echoes: ["a"])
            rig.backend("web-b", echoes: ["b"])
            api.store.apply(rig.ingress("front", host: "shop.test", service: "web-a"))
            // Services fail to list, so the controller cannot sync until this is cleared.
            api.failingCollections = ["/api/v1/services"]
        }
        defer { rig.stop() }
        rig.start()
        #expect(eventually(seconds: 2) { rig.adminStatus("/healthz") == 200 })
        #expect(rig.adminStatus("/readyz") == 503)
        usleep(200_000)
        #expect(rig.adminStatus("/readyz") == 503)
        #expect(!rig.mode.isReady)

        rig.api.failingCollections = []
        #expect(observed("first sync (readyz 200)") { rig.adminStatus("/readyz") == 200 } != nil)
        #expect(rig.fetch(host: "shop.test")?.name == "a")
        #expect(rig.fetch(host: "unknown.test")?.status == 404)

        rig.api.store.apply(rig.ingress("second", host: "new.test", service: "web-b"))
        #expect(observed("Ingress added") { rig.fetch(host: "new.test")?.name == "b" } != nil)

        rig.api.store.apply(rig.ingress("front", host: "shop.test", service: "web-b"))
        #expect(observed("Ingress modified") { rig.fetch(host: "shop.test")?.name == "b" } != nil)

        rig.api.store.delete(Ingress.self, namespace: "shop", name: "second")
        #expect(observed("Ingress deleted") { rig.fetch(host: "new.test")?.status == 404 } != nil)
        #expect(rig.fetch(host: "shop.test")?.name == "b")
    }

    @Test("Service and EndpointSlice add, modify and delete are served; not-ready endpoints get no requests")
    func serviceAndSliceChanges() throws {
        let rig = try ClusterRig { api, rig in
            api.store.apply(Fixture.ingressClass())
            api.store.apply(rig.ingress("front", host: "shop.test", service: "web"))
        }
        defer { rig.stop() }
        rig.start()
        #expect(eventually(seconds: 5) { rig.mode.isReady })
        // The Service does not exist yet: no endpoint to send to.
        #expect(rig.fetch(host: "shop.test")?.status == 503)

        rig.api.store.apply(Fixture.service("shop", "web"))
        rig.api.store.apply(rig.slice("web", echo: "a"))
        #expect(observed("Service and EndpointSlice added") { rig.fetch(host: "shop.test")?.name == "a" } != nil)

        // Endpoint added: a second slice for the Service.
        rig.api.store.apply(rig.slice("web", echo: "b"))
        #expect(observed("endpoint added") { names(rig, host: "shop.test") == ["a", "b"] } != nil)

        // Endpoint not ready: b gets nothing once the change is served.
        rig.api.store.apply(rig.slice("web", echo: "b", ready: false))
        #expect(observed("endpoint not ready") { names(rig, host: "shop.test") == ["a"] } != nil)
        #expect(names(rig, host: "shop.test", count: 20) == ["a"])

        // Slice modified: the endpoint moves from a to c.
        rig.api.store.apply(rig.slice("web", echo: "c", name: "web-a"))
        #expect(observed("EndpointSlice modified") { names(rig, host: "shop.test") == ["c"] } != nil)

        // Endpoint removed: the slice deleted, b ready again in its own slice.
        rig.api.store.apply(rig.slice("web", echo: "b"))
        rig.api.store.delete(EndpointSlice.self, namespace: "shop", name: "web-a")
        #expect(observed("endpoint removed") { names(rig, host: "shop.test") == ["b"] } != nil)

        // Service modified: its port no longer matches the Ingress's 80, then matches again.
        rig.api.store.apply(Fixture.service("shop", "web", port: 81))
        #expect(observed("Service modified (port 81)") { rig.fetch(host: "shop.test")?.status == 503 } != nil)
        rig.api.store.apply(Fixture.service("shop", "web", port: 80))
        #expect(observed("Service modified (port 80)") { rig.fetch(host: "shop.test")?.name == "b" } != nil)

        rig.api.store.delete(Service.self, namespace: "shop", name: "web")
        #expect(observed("Service deleted") { rig.fetch(host: "shop.test")?.status == 503 } != nil)
    }

    @Test("A TLS Secret added, rotated and deleted changes the certificate served for its SNI name")
    func tlsSecretChanges() throws {
        let v1 = try SelfSignedCertificate.generate(commonName: "shop-v1", subjectAlternativeNames: ["secure.test"])
        let v2 = try SelfSignedCertificate.generate(commonName: "shop-v2", subjectAlternativeNames: ["secure.test"])
        let rig = try ClusterRig { api, rig in
            api.store.apply(Fixture.ingressClass())
            rig.backend("web", echoes: ["a"])
            api.store.apply(rig.ingress("front", host: "secure.test", service: "web", tlsSecret: "shop-tls"))
        }
        defer { rig.stop() }
        rig.start()
        #expect(eventually(seconds: 5) { rig.mode.isReady })
        // No usable Secret: the proxy's generated fallback certificate (TLSServerConfiguration's default name).
        let fallback = "portico.invalid"
        #expect(rig.fetchTLS(host: "secure.test")?.commonName == fallback)

        rig.api.store.apply(ClusterRig.tlsSecret("shop-tls", v1))
        #expect(observed("TLS Secret added") { rig.fetchTLS(host: "secure.test")?.commonName == "shop-v1" } != nil)
        #expect(rig.fetchTLS(host: "secure.test")?.name == "a")

        rig.api.store.apply(ClusterRig.tlsSecret("shop-tls", v2))
        #expect(observed("TLS Secret modified") { rig.fetchTLS(host: "secure.test")?.commonName == "shop-v2" } != nil)

        rig.api.store.delete(Secret.self, namespace: "shop", name: "shop-tls")
        #expect(observed("TLS Secret deleted") { rig.fetchTLS(host: "secure.test")?.commonName == fallback } != nil)
    }

    @Test("The API server stopped for 5 s: every request is still served, and a change after its return is applied")
    func apiServerOutage() throws {
        let rig = try ClusterRig { api, rig in
            api.store.apply(Fixture.ingressClass())
            rig.backend("web-a", echoes: ["a"])
            rig.backend("web-b", echoes: ["b"])
            api.store.apply(rig.ingress("front", host: "shop.test", service: "web-a"))
        }
        defer { rig.stop() }
        rig.start()
        #expect(eventually(seconds: 5) { rig.mode.isReady && rig.fetch(host: "shop.test")?.name == "a" })
        #expect(rig.mode.isConnected)

        let traffic = SteadyTraffic(rig, host: "shop.test", expect: ["a", "b", "c"])
        rig.api.stop()
        #expect(observed("outage noticed (isConnected false)") { !rig.mode.isConnected } != nil)
        #expect(observed("outage in portico_kube_connected") { rig.exposes("portico_kube_connected 0") } != nil)
        // A change made while the server is down (as if written to etcd by someone else).
        rig.api.store.apply(rig.slice("web-a", echo: "c"))
        usleep(5_000_000)
        #expect(!rig.mode.isConnected)
        #expect(rig.exposes("portico_kube_connected 0"))
        #expect(names(rig, host: "shop.test") == ["a"])
        try rig.api.restart()
        #expect(observed("reconnected") { rig.mode.isConnected && rig.exposes("portico_kube_connected 1") } != nil)
        #expect(observed("change made during the outage") { names(rig, host: "shop.test") == ["a", "c"] } != nil)
        rig.api.store.apply(rig.ingress("front", host: "shop.test", service: "web-b"))
        #expect(observed("change after the outage") { rig.fetch(host: "shop.test")?.name == "b" } != nil)
        let seen = traffic.finish()
        print("cluster e2e: outage traffic \(seen.sent) requests, \(seen.failed) failed \(seen.failures)")
        #expect(seen.sent > 50)
        #expect(seen.failed == 0)
    }

    @Test("A 410 (compaction) forces a relist while routes keep being served")
    func compactionForcesRelist() throws {
        let rig = try ClusterRig { api, rig in
            api.store.apply(Fixture.ingressClass())
            rig.backend("web-a", echoes: ["a"])
            rig.backend("web-b", echoes: ["b"])
            api.store.apply(rig.ingress("front", host: "shop.test", service: "web-a"))
        }
        defer { rig.stop() }
        rig.start()
        #expect(eventually(seconds: 5) { rig.mode.isReady && rig.fetch(host: "shop.test")?.name == "a" })

        let ingresses = FakeAPIStore.collection(Ingress.self)
        let listsBefore = rig.api.listCount(ingresses)
        let traffic = SteadyTraffic(rig, host: "shop.test", expect: ["a", "b", "c"])
        // With the streams down, a change is made and history forgotten: every informer's
        // resourceVersion is now too old, so resuming gets 410 and only a relist finds the change.
        rig.api.stop()
        rig.api.store.apply(rig.slice("web-a", echo: "c", name: "web-a-c"))
        rig.api.store.compact()
        let compactedBelow = rig.api.store.locked { rig.api.store.compactedBelow }
        let recordsBefore = rig.api.requests.count
        try rig.api.restart()
        #expect(observed("relist after 410") { rig.api.listCount(ingresses) > listsBefore } != nil)
        #expect(observed("change found by the relist") { names(rig, host: "shop.test") == ["a", "c"] } != nil)
        // The informers did resume from their old resourceVersion (and got 410), not just relist.
        let staleWatches = rig.api.requests.dropFirst(recordsBefore).filter {
            $0.query["watch"] != nil && (Int($0.query["resourceVersion"] ?? "") ?? 0) < compactedBelow
                && (Int($0.query["resourceVersion"] ?? "") ?? 0) > 0
        }
        #expect(!staleWatches.isEmpty)
        usleep(300_000)  // routes keep being served after the relist
        rig.api.store.apply(rig.ingress("front", host: "shop.test", service: "web-b"))
        #expect(observed("change after the relist") { rig.fetch(host: "shop.test")?.name == "b" } != nil)
        let seen = traffic.finish()
        print("cluster e2e: compaction traffic \(seen.sent) requests, \(seen.failed) failed \(seen.failures)")
        #expect(seen.failed == 0)
    }
}
