import Controller
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Reconciler
import Routing
import Testing

@Suite struct EventRecorderTests {
    static func warning(_ name: String, reason: String = "ServiceNotFound", message: String = "Service \"shop/web\" does not exist") -> ConfigWarning {
        ConfigWarning(object: ObjectRef(kind: "Ingress", namespace: "shop", name: name),
                      field: "spec.rules[0]", reason: reason, message: message)
    }

    func recorder(_ server: FakeAPIServer, burst: Int = 25, refill: Duration = .seconds(1)) -> EventRecorder {
        EventRecorder(client: makeClient(server), configuration: .init(instance: "pod-a", burst: burst, refillInterval: refill))
    }

    @Test("A new warning becomes one Warning Event naming the object, and a steady warning sends nothing more")
    func newWarningPostsOnce() throws {
        try withServer { server in
            var state = ClusterState()
            let ing = server.store.apply(Fixture.ingress("shop", "front", host: "a.example", service: "web"))
            state.upsert(ing)
            let r = recorder(server)
            for _ in 0..<3 {
                r.record([Self.warning("front")], objects: state)
                r.flush()
            }
            let events = server.store.objects(Event.self)
            #expect(events.count == 1)
            let e = try #require(events.first)
            #expect(e.type == "Warning" && e.reason == "ServiceNotFound" && e.count == 1)
            #expect(e.involvedObject == ObjectReference(kind: "Ingress", namespace: "shop", name: "front",
                                                        uid: ing.metadata.uid, apiVersion: "networking.k8s.io/v1"))
            #expect(e.metadata.namespace == "shop")
            #expect(r.statistics.created == 1)
            #expect(server.requests.filter { $0.method != "GET" }.count == 1)
        }
    }

    @Test("A warning that comes back bumps the existing Event's count instead of creating another")
    func recurringWarningBumpsCount() throws {
        try withServer { server in
            let r = recorder(server)
            r.record([Self.warning("front")], objects: ClusterState())
            r.flush()
            r.record([], objects: ClusterState())
            r.flush()
            r.record([Self.warning("front")], objects: ClusterState())
            r.flush()
            let events = server.store.objects(Event.self)
            #expect(events.count == 1)
            #expect(events.first?.count == 2)
            #expect(r.statistics.updated == 1)
        }
    }

    @Test("Reports beyond the burst are held back and sent on a later build")
    func rateLimited() throws {
        try withServer { server in
            let r = recorder(server, burst: 2, refill: .seconds(3600))
            let warnings = (0..<5).map { Self.warning("ing\($0)") }
            r.record(warnings, objects: ClusterState())
            r.flush()
            #expect(server.store.objects(Event.self).count == 2)
            #expect(r.statistics.rateLimited == 3)
        }
    }

    @Test("The token bucket allows the burst, then one per interval", arguments: [
        (0, 3), (500, 3), (1000, 4), (2500, 5), (100_000, 6),
    ])
    func tokenBucket(laterMilliseconds: Int, expectedTotal: Int) {
        var limiter = EventRateLimiter(burst: 3, interval: .seconds(1))
        let start = ContinuousClock.now
        var allowed = 0
        for _ in 0..<10 where limiter.allow(now: start) { allowed += 1 }
        let later = start + .milliseconds(laterMilliseconds)
        for _ in 0..<3 where limiter.allow(now: later) { allowed += 1 }
        #expect(allowed == min(expectedTotal, 6))
    }

    @Test("The cluster controller's warnings reach the API server as Events")
    func controllerWarningsBecomeEvents() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.ingress("shop", "front", host: "a.example", service: "missing"))
            let r = recorder(server)
            let controller = ClusterController(client: makeClient(server), store: SnapshotStore(),
                                               configuration: .init(minRebuildInterval: .milliseconds(10), backoff: testBackoff),
                                               onBuild: { build in r.record(build.warnings, objects: build.state) })
            controller.start()
            defer { controller.stop() }
            #expect(eventually { server.store.objects(Event.self).contains { $0.reason == "ServiceNotFound" && $0.involvedObject.name == "front" } })
        }
    }
}
