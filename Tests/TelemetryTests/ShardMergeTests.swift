import Dispatch
import Synchronization
import Testing
@testable import Telemetry

@Suite struct ShardMergeTests {
    static let workers = 4
    static let perWorker = 20_000

    @Test func countersUpdatedFromSeveralWorkerThreadsAndSharedCallersAddUpExactly() {
        let r = MetricsRegistry(workerCount: Self.workers)
        let c = r.counter("demo_total", help: "x").labels()
        // One iteration per worker shard plus the same number of shared callers; every loop
        // is bounded by a fixed count.
        DispatchQueue.concurrentPerform(iterations: Self.workers * 2) { i in
            for _ in 0..<Self.perWorker {
                if i < Self.workers { c.increment(worker: i) } else { c.increment() }
            }
        }
        #expect(c.value == UInt64(Self.workers * 2 * Self.perWorker))
    }

    @Test func histogramsUpdatedFromSeveralWorkerThreadsKeepCountAndSumConsistent() {
        let r = MetricsRegistry(workerCount: Self.workers)
        let h = r.histogram("demo_seconds", help: "x", buckets: [0.5, 1]).labels()
        DispatchQueue.concurrentPerform(iterations: Self.workers * 2) { i in
            for n in 0..<Self.perWorker {
                let v = n % 2 == 0 ? 0.25 : 2.0
                if i < Self.workers { h.observe(v, worker: i) } else { h.observe(v) }
            }
        }
        let total = UInt64(Self.workers * 2 * Self.perWorker)
        let state = h.state
        #expect(state.count == total)
        #expect(state.cumulativeCounts == [total / 2, total / 2, total])
        #expect(state.sum == Double(total / 2) * 0.25 + Double(total / 2) * 2.0)
    }

    @Test func gaugesIncrementedAndDecrementedByWorkersNetToZero() {
        let r = MetricsRegistry(workerCount: Self.workers)
        let g = r.gauge("demo_open", help: "x").labels()
        DispatchQueue.concurrentPerform(iterations: Self.workers) { w in
            for _ in 0..<Self.perWorker { g.increment(worker: w) }
            for _ in 0..<Self.perWorker { g.decrement(worker: w) }
        }
        DispatchQueue.concurrentPerform(iterations: Self.workers) { _ in
            for _ in 0..<1000 { g.add(1) }
        }
        #expect(g.value == Double(Self.workers * 1000))
    }

    @Test func scrapingWhileWorkersWriteSeesMonotonicCounts() {
        let r = MetricsRegistry(workerCount: 2)
        let c = r.counter("demo_total", help: "x").labels()
        let readings = Mutex<[UInt64]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            if i < 2 {
                for _ in 0..<Self.perWorker { c.increment(worker: i) }
            } else {
                var local: [UInt64] = []
                for _ in 0..<200 { local.append(c.value) }
                readings.withLock { $0 = local }
            }
        }
        let seen = readings.withLock { $0 }
        #expect(seen == seen.sorted())
        #expect(c.value == UInt64(2 * Self.perWorker))
    }
}
