import Controller
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Reconciler
import Synchronization
import Testing

@Suite struct IngressStatusTests {
    static let a = IngressLoadBalancerIngress(ip: "203.0.113.1")
    static let b = IngressLoadBalancerIngress(hostname: "lb.example")
    static let other = IngressLoadBalancerIngress(ip: "198.51.100.7")

    @Test("Only changed statuses are written and others' entries are kept", arguments: [
        ([], [], [a], [a] as [IngressLoadBalancerIngress]?),
        ([a], [a], [a], nil),
        ([a], [], [a], nil),
        ([other], [], [a], [other, a]),
        ([other, a], [a], [b], [other, b]),
        ([a, other], [a], [a], [other, a]),
        ([other], [], [], nil),
    ] as [([IngressLoadBalancerIngress], [IngressLoadBalancerIngress], [IngressLoadBalancerIngress], [IngressLoadBalancerIngress]?)])
    func mergeTable(current: [IngressLoadBalancerIngress], previous: [IngressLoadBalancerIngress],
                    desired: [IngressLoadBalancerIngress], expected: [IngressLoadBalancerIngress]?) {
        #expect(IngressStatusWriter.merged(current: current, previouslyOurs: previous, desired: desired) == expected)
    }

    func stateFromServer(_ server: FakeAPIServer) -> ClusterState {
        var state = ClusterState()
        for o in server.store.objects(Ingress.self) { state.upsert(o) }
        for o in server.store.objects(IngressClass.self) { state.upsert(o) }
        return state
    }

    @Test("The leader writes the published Service's address to Ingresses of our class only, once")
    func writesOnlyOursOnce() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.ingressClass("nginx", controller: "k8s.io/ingress-nginx"))
            server.store.apply(Fixture.ingress("shop", "mine", host: "a.example", service: "web"))
            server.store.apply(Fixture.ingress("shop", "theirs", host: "b.example", service: "web", className: "nginx"))
            _ = server.store.locked {
                server.store.putLocked(collection: "/api/v1/services", object: [
                    "metadata": ["name": "portico", "namespace": "portico"],
                    "spec": ["type": "LoadBalancer"],
                    "status": ["loadBalancer": ["ingress": [["ip": "203.0.113.1"]]]],
                ])
            }
            let writer = IngressStatusWriter(client: makeClient(server), source: .service(namespace: "portico", name: "portico"),
                                             isLeader: { true })
            writer.update(stateFromServer(server))
            writer.flush()
            #expect(server.store.object(Ingress.self, namespace: "shop", name: "mine")?.status?.loadBalancer?.ingress == [Self.a])
            #expect(server.store.object(Ingress.self, namespace: "shop", name: "theirs")?.status?.loadBalancer?.ingress == nil)
            #expect(writer.writes == 1)
            writer.update(stateFromServer(server))
            writer.flush()
            #expect(writer.writes == 1)
        }
    }

    @Test("A 409 from a concurrent writer is retried with a fresh read, keeping the other writer's entry")
    func conflictIsRetried() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.ingress("shop", "mine", host: "a.example", service: "web"))
            let stale = stateFromServer(server)
            // Someone else writes an entry after our informer's view was taken.
            var theirs = server.store.object(Ingress.self, namespace: "shop", name: "mine")!
            theirs.status = IngressStatus(loadBalancer: IngressLoadBalancerStatus(ingress: [Self.other]))
            server.store.apply(theirs)
            let writer = IngressStatusWriter(client: makeClient(server), source: .addresses(["203.0.113.1", "lb.example"]),
                                             isLeader: { true })
            server.conflictsOnNextWrites = 1
            writer.update(stale)
            writer.flush()
            #expect(server.store.object(Ingress.self, namespace: "shop", name: "mine")?.status?.loadBalancer?.ingress
                    == [Self.other, Self.a, Self.b])
            #expect(server.requests.filter { $0.method == "PUT" && $0.path.hasSuffix("/status") }.count == 2)
            #expect(writer.writes == 1)
        }
    }

    @Test("An Ingress that moves to another class loses the address we wrote")
    func movedIngressIsCleared() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.ingressClass("nginx", controller: "k8s.io/ingress-nginx"))
            server.store.apply(Fixture.ingress("shop", "mine", host: "a.example", service: "web"))
            let writer = IngressStatusWriter(client: makeClient(server), source: .addresses(["203.0.113.1"]), isLeader: { true })
            writer.update(stateFromServer(server))
            writer.flush()
            #expect(server.store.object(Ingress.self, namespace: "shop", name: "mine")?.status?.loadBalancer?.ingress == [Self.a])
            var moved = server.store.object(Ingress.self, namespace: "shop", name: "mine")!
            moved.spec.ingressClassName = "nginx"
            server.store.apply(moved)
            writer.update(stateFromServer(server))
            writer.flush()
            #expect(server.store.object(Ingress.self, namespace: "shop", name: "mine")?.status?.loadBalancer?.ingress == [])
        }
    }

    @Test("A replica that is not the leader writes nothing")
    func followerWritesNothing() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.ingress("shop", "mine", host: "a.example", service: "web"))
            let writer = IngressStatusWriter(client: makeClient(server), source: .addresses(["203.0.113.1"]), isLeader: { false })
            writer.update(stateFromServer(server))
            writer.flush()
            #expect(writer.writes == 0)
            #expect(server.requests.allSatisfy { $0.method == "GET" })
        }
    }

    @Test("After the leader dies the other candidate takes over and writes status")
    func takeoverWritesStatus() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            server.store.apply(Fixture.ingress("shop", "mine", host: "a.example", service: "web"))
            func candidate(_ id: String, address: String) -> (LeaderElection, IngressStatusWriter) {
                let box = ElectionBox()
                let writer = IngressStatusWriter(client: makeClient(server), source: .addresses([address]),
                                                 isLeader: { box.election?.isLeader ?? false })
                let election = LeaderElection(client: makeClient(server), configuration: LeaderElectionConfiguration(
                    leaseName: "portico", namespace: "portico", identity: id, leaseDuration: .seconds(1),
                    renewDeadline: .milliseconds(600), retryPeriod: .milliseconds(100), releaseOnStop: false),
                    onStartedLeading: { writer.update(self.stateFromServer(server)) })
                box.election = election
                return (election, writer)
            }
            let (e1, _) = candidate("pod-1", address: "203.0.113.1")
            e1.start()
            #expect(eventually { e1.isLeader })
            let (e2, _) = candidate("pod-2", address: "203.0.113.2")
            e2.start()
            defer { e2.stop() }
            #expect(eventually { server.store.object(Ingress.self, namespace: "shop", name: "mine")?.status?.loadBalancer?.ingress?.first?.ip == "203.0.113.1" })
            e1.stop()
            #expect(eventually(timeout: .seconds(3)) {
                server.store.object(Ingress.self, namespace: "shop", name: "mine")?.status?.loadBalancer?.ingress?.contains(IngressLoadBalancerIngress(ip: "203.0.113.2")) == true
            })
        }
    }
}

/// Lets a status writer ask an election created after it.
final class ElectionBox: @unchecked Sendable {
    // `@unchecked Sendable`: set once before the election starts, then only read.
    private let lock = NSLock()
    private var _election: LeaderElection?
    var election: LeaderElection? {
        get { lock.withLock { _election } }
        set { lock.withLock { _election = newValue } }
    }
}
