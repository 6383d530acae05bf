import Controller
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Routing
import Synchronization
import Testing

/// Event-to-live latency of EndpointSlice churn through the fake API server: a burst of
/// 1,000 slice updates spread over 50 Services; for each update, the time from the write
/// in the API server to the first published snapshot that contains it (or a later update
/// of the same slice). Prints p50/p99; asserts only that every update went live.
/// Run alone with `bench/kube-latency.sh`.
@Suite struct KubeLatencyBenchmark {
    static let services = 50
    static let updates = 1000

    static func address(_ i: Int) -> String { "10.9.\(i / 256).\(i % 256)" }
    static func index(_ host: String) -> Int? {
        let p = host.split(separator: ".").compactMap { Int($0) }
        return p.count == 4 && p[0] == 10 && p[1] == 9 ? p[2] * 256 + p[3] : nil
    }

    final class Tracker: @unchecked Sendable {
        // `@unchecked Sendable`: all fields are guarded by `lock`.
        let lock = NSLock()
        var written: [Int: ContinuousClock.Instant] = [:]
        var latencies: [Int: Double] = [:]

        func observe(_ snapshot: RoutingSnapshot) {
            let now = ContinuousClock.now
            var liveBySlice: [Int: Int] = [:]
            for backend in snapshot.backends {
                for e in backend.endpoints {
                    if let i = KubeLatencyBenchmark.index(e.host) { liveBySlice[Int(e.port) - 10_000] = i }
                }
            }
            lock.withLock {
                for (i, t) in written where latencies[i] == nil {
                    let slice = i % KubeLatencyBenchmark.services
                    if let live = liveBySlice[slice], live >= i {
                        let (s, a) = (now - t).components
                        latencies[i] = Double(s) + Double(a) / 1e18
                    }
                }
            }
        }
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    @Test("A burst of 1,000 EndpointSlice updates all go live (prints event-to-live p50/p99)")
    func endpointSliceBurst() throws {
        try withServer { server in
            server.store.apply(Fixture.ingressClass())
            for s in 0..<Self.services {
                server.store.apply(Fixture.service("bench", "svc\(s)"))
                server.store.apply(Fixture.ingress("bench", "ing\(s)", host: "h\(s).example", service: "svc\(s)"))
                server.store.apply(Fixture.slice("bench", "slice\(s)", service: "svc\(s)", addresses: ["10.8.0.1"], port: Int32(10_000 + s)))
            }
            let store = SnapshotStore()
            let tracker = Tracker()
            store.onPublish { tracker.observe($0) }
            let controller = ClusterController(client: makeClient(server), store: store,
                                               configuration: .init(minRebuildInterval: .milliseconds(50), backoff: testBackoff))
            controller.start()
            defer { controller.stop() }
            #expect(eventually(timeout: .seconds(5)) { store.hasSnapshot })
            _ = controller.drainLatencies()

            let began = ContinuousClock.now
            for i in 0..<Self.updates {
                let s = i % Self.services
                let slice = Fixture.slice("bench", "slice\(s)", service: "svc\(s)", addresses: [Self.address(i)], port: Int32(10_000 + s))
                tracker.lock.withLock { tracker.written[i] = ContinuousClock.now }
                server.store.apply(slice)
            }
            let wrote = ContinuousClock.now - began
            let allLive = eventually(timeout: .seconds(20)) { tracker.lock.withLock { tracker.latencies.count } == Self.updates }
            #expect(allLive)

            let endToEnd = tracker.lock.withLock { tracker.latencies.values.sorted() }
            let inside = controller.drainLatencies().sorted()
            let stats = controller.statistics
            func ms(_ x: Double) -> String { String(format: "%.1f ms", x * 1000) }
            print("""
                kube-latency: \(Self.updates) EndpointSlice updates over \(Self.services) Services, written in \(wrote)
                  API write -> live:      p50 \(ms(Self.percentile(endToEnd, 0.5)))  p99 \(ms(Self.percentile(endToEnd, 0.99)))  max \(ms(endToEnd.last ?? 0))
                  informer event -> live: p50 \(ms(Self.percentile(inside, 0.5)))  p99 \(ms(Self.percentile(inside, 0.99)))  max \(ms(inside.last ?? 0))
                  publishes: \(stats.endpointUpdates) endpoint-only, \(stats.fullRebuilds) full; last build \(ms(stats.lastBuildSeconds))
                """)
        }
    }
}
