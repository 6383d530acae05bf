import Controller
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Synchronization
import Testing

@Suite struct LeaderElectionTests {
    func elector(_ server: FakeAPIServer, _ identity: String, release: Bool = true,
                 onStart: @escaping @Sendable () -> Void = {}) -> LeaderElection {
        LeaderElection(client: makeClient(server), configuration: LeaderElectionConfiguration(
            leaseName: "portico-leader", namespace: "portico", identity: identity,
            leaseDuration: .seconds(1), renewDeadline: .milliseconds(600), retryPeriod: .milliseconds(100),
            releaseOnStop: release), onStartedLeading: onStart)
    }

    @Test("Two candidates elect exactly one leader; when it dies the other takes over after the lease expires")
    func oneLeaderThenTakeover() throws {
        try withServer { server in
            let a = elector(server, "pod-a", release: false)
            let b = elector(server, "pod-b", release: false)
            a.start()
            b.start()
            defer { a.stop(); b.stop() }
            #expect(eventually(timeout: .seconds(2)) { a.isLeader || b.isLeader })
            // Over a few renew periods, never two leaders at once.
            for _ in 0..<40 {
                #expect(!(a.isLeader && b.isLeader))
                usleep(10_000)
            }
            let (leader, follower) = a.isLeader ? (a, b) : (b, a)
            #expect(!follower.isLeader)
            leader.stop()  // no release: the follower must wait for expiry
            #expect(eventually(timeout: .seconds(3)) { follower.isLeader })
            let lease = server.store.object(Lease.self, namespace: "portico", name: "portico-leader")
            #expect(lease?.spec.holderIdentity == follower.configuration.identity)
            #expect((lease?.spec.leaseTransitions ?? 0) >= 1)
            // The fake server refuses MicroTimes without exactly six fractional digits.
            #expect(lease?.spec.renewTime?.split(separator: ".").last?.count == 7)
        }
    }

    @Test("A leader that stops releases the lease so the other takes over at once")
    func releaseOnStop() throws {
        try withServer { server in
            let a = elector(server, "pod-a")
            a.start()
            #expect(eventually { a.isLeader })
            let b = elector(server, "pod-b")
            b.start()
            defer { b.stop() }
            usleep(200_000)
            #expect(!b.isLeader)
            a.stop()
            #expect(!a.isLeader)
            #expect(eventually(timeout: .milliseconds(800)) { b.isLeader })
        }
    }

    @Test("A leader whose lease is taken over steps down")
    func stepsDownWhenLeaseTaken() throws {
        try withServer { server in
            let a = elector(server, "pod-a")
            a.start()
            defer { a.stop() }
            #expect(eventually { a.isLeader })
            // Another replica (say, after a partition) writes itself in as holder, and keeps renewing.
            let stop = Atomic<Bool>(false)
            let thief = Thread {
                while !stop.load(ordering: .acquiring) {
                    if var lease = server.store.object(Lease.self, namespace: "portico", name: "portico-leader") {
                        lease.spec.holderIdentity = "pod-z"
                        lease.spec.renewTime = MicroTime.string(from: Date())
                        server.store.apply(lease)
                    }
                    usleep(50_000)
                }
            }
            thief.start()
            defer { stop.store(true, ordering: .releasing) }
            #expect(eventually(timeout: .seconds(2)) { !a.isLeader })
        }
    }
}

@Suite struct LeaseConflictTests {
    @Test("A 409 on renewal is retried with a fresh read and the leader keeps the lease")
    func conflictOnRenewIsRetried() throws {
        try withServer { server in
            let a = LeaderElection(client: makeClient(server), configuration: LeaderElectionConfiguration(
                leaseName: "l", namespace: "portico", identity: "pod-a", leaseDuration: .seconds(1),
                renewDeadline: .milliseconds(600), retryPeriod: .milliseconds(50)))
            a.start()
            defer { a.stop() }
            #expect(eventually { a.isLeader })
            server.conflictsOnNextWrites = 2
            #expect(eventually { server.conflictsOnNextWrites == 0 })
            let renewed = server.requests.filter { $0.method == "PUT" }.count
            #expect(eventually { server.requests.filter { $0.method == "PUT" }.count > renewed })
            #expect(a.isLeader)
        }
    }

    @Test("The fake API server refuses a Lease whose MicroTime lacks six fractional digits")
    func fakeServerChecksMicroTime() throws {
        try withServer { server in
            let lease = Lease(metadata: ObjectMeta(name: "l", namespace: "portico"),
                              spec: LeaseSpec(holderIdentity: "x", renewTime: "2026-01-01T00:00:00Z"))
            #expect(kubeError { _ = try makeClient(server).create(lease) }?.status == 400)
            var good = lease
            good.spec.renewTime = MicroTime.string(from: Date())
            _ = try makeClient(server).create(good)
        }
    }
}

@Suite struct MicroTimeTests {
    @Test("MicroTime always carries six fractional digits", arguments: [
        (0.0, "1970-01-01T00:00:00.000000Z"),
        (1_767_225_600.5, "2026-01-01T00:00:00.500000Z"),
        (1_767_225_600.000042, "2026-01-01T00:00:00.000042Z"),
        (951_782_400.25, "2000-02-29T00:00:00.250000Z"),
    ])
    func sixDigits(seconds: Double, expected: String) {
        #expect(MicroTime.string(from: Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("A MicroTime parses back to the same instant")
    func roundTrip() {
        let d = Date(timeIntervalSince1970: 1_767_225_601.123456)
        let back = MicroTime.date(from: MicroTime.string(from: d))
        #expect(back != nil && abs(back!.timeIntervalSince1970 - d.timeIntervalSince1970) < 0.001)
        #expect(MicroTime.timeString(from: d) == "2026-01-01T00:00:01Z")
    }
}
