import Controller
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Routing
import Testing

@Suite struct ClusterModeTests {
    func options(_ pod: String, address: String) -> ClusterModeOptions {
        ClusterModeOptions(controller: .init(minRebuildInterval: .milliseconds(10), backoff: testBackoff),
                           electionID: "portico-leader", publish: .addresses([address]), events: true,
                           podName: pod, podNamespace: "portico-system", leaseDuration: .seconds(1),
                           renewDeadline: .milliseconds(600), retryPeriod: .milliseconds(100))
    }

    @Test("Two replicas serve the same routes; only the leader writes status and Events; the other takes over")
    func twoReplicas() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.service("shop", "web"))
            server.store.apply(Fixture.slice("shop", "web-1", service: "web", addresses: ["10.0.0.1"]))
            server.store.apply(Fixture.ingress("shop", "front", host: "shop.example", service: "web"))
            server.store.apply(Fixture.ingress("shop", "broken", host: "broken.example", service: "missing"))
            let connection = KubeConnection(server: server.url)
            let storeA = SnapshotStore(), storeB = SnapshotStore()
            let a = ClusterMode(connection: connection, store: storeA, options: options("pod-a", address: "203.0.113.1"))
            let b = ClusterMode(connection: connection, store: storeB, options: options("pod-b", address: "203.0.113.2"))
            a.start()
            b.start()
            defer { a.stop(); b.stop() }
            #expect(eventually(timeout: .seconds(3)) { a.isReady && b.isReady && (a.isLeader != b.isLeader) })
            #expect(storeA.load().lookup(host: "shop.example", path: "/") != nil)
            #expect(storeB.load().lookup(host: "shop.example", path: "/") != nil)

            let (leader, follower) = a.isLeader ? (a, b) : (b, a)
            let leaderAddress = a.isLeader ? "203.0.113.1" : "203.0.113.2"
            let followerAddress = a.isLeader ? "203.0.113.2" : "203.0.113.1"
            func addresses() -> [String] {
                server.store.object(Ingress.self, namespace: "shop", name: "front")?.status?.loadBalancer?.ingress?.compactMap(\.ip) ?? []
            }
            #expect(eventually { addresses() == [leaderAddress] })
            #expect(eventually { server.store.objects(Event.self).count == 1 })
            usleep(200_000)
            #expect(server.store.objects(Event.self).count == 1)  // the follower posted nothing
            #expect(server.store.objects(Event.self).first?.reason == "ServiceNotFound")

            leader.stop()
            #expect(eventually(timeout: .seconds(3)) { follower.isLeader })
            // Entries the old leader wrote are someone else's to the new one and stay.
            #expect(eventually { addresses() == [leaderAddress, followerAddress] })
        }
    }
}
