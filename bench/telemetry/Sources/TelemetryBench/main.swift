// Telemetry micro-benchmark: nanoseconds per update on the request path, cost of contention,
// cost of a scrape. Best of 5 runs; numbers on a shared machine are noisy, compare
// instruction counts when in doubt:
//   TELEMETRY_BENCH_N=100000 valgrind --tool=callgrind .build/release/TelemetryBench
// `render` as an argument runs the scrape only.
import Dispatch
import Telemetry
#if canImport(Glibc)
import Glibc
#endif

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
@inline(never) func blackhole<T>(_ x: T) { withExtendedLifetime(x) {} }

func report(_ name: String, _ value: Double, _ unit: String) {
    let padded = name + String(repeating: " ", count: max(0, 56 - name.count))
    print(padded + " " + String(Double(Int(value * 100)) / 100) + " " + unit)
}

func bench(_ name: String, _ n: Int, _ body: () -> Void) {
    body()  // warm up
    var best = Double.infinity
    for _ in 0..<5 {
        let t0 = now()
        body()
        best = min(best, Double(now() - t0) / Double(n))
    }
    report(name, best, "ns/op")
}

func twoThreads(_ name: String, _ perThread: Int, _ body: @escaping @Sendable (Int) -> Void) {
    var best = Double.infinity
    for _ in 0..<3 {
        let t0 = now()
        DispatchQueue.concurrentPerform(iterations: 2) { w in body(w) }
        best = min(best, Double(now() - t0) / Double(perThread))
    }
    report(name, best, "ns/op per thread")
}

let renderOnly = CommandLine.arguments.contains("render")
// TELEMETRY_BENCH_N overrides the iteration count (e.g. small, under callgrind).
let n = renderOnly ? 10 : getenv("TELEMETRY_BENCH_N").flatMap { Int(String(cString: $0)) } ?? 20_000_000
let registry = MetricsRegistry(workerCount: 2)
let metrics = PorticoMetrics(registry: registry)
let counter = registry.counter("bench_total", help: "x").labels()
let histogram = registry.histogram("bench_seconds", help: "x").labels()
let gauge = registry.gauge("bench_gauge", help: "x").labels()
let route = metrics.route(RouteLabels(namespace: "shop", ingress: "web", host: "a.example.com", path: "/", service: "api"))
let log = Logger(label: "bench", level: .info, sink: CapturingLogSink())

bench("Counter.increment(worker:)", n) { for _ in 0..<n { counter.increment(worker: 0) } }
bench("Counter.increment() (shared atomic)", n) { for _ in 0..<n { counter.increment() } }
bench("Gauge.increment + decrement(worker:)", n) { for _ in 0..<n { gauge.increment(worker: 1); gauge.decrement(worker: 1) } }
bench("Histogram.observe(_:worker:) (14 buckets)", n) { for i in 0..<n { histogram.observe(Double(i & 1023) * 0.0001, worker: 0) } }
bench("RouteMetrics.requests(method:status:) lookup", n) { for _ in 0..<n { blackhole(route.requests(method: .get, status: .success)) } }
bench("RouteMetrics.record (counter + 4 histograms)", n / 4) {
    for i in 0..<(n / 4) {
        route.record(method: .get, statusCode: 200, durationSeconds: Double(i & 255) * 0.0001,
                     upstreamSeconds: 0.001, requestBytes: 0, responseBytes: 1000, worker: 0)
    }
}
bench("Logger.debug below the level", n) { for i in 0..<n { log.debug("x \(i)", ["i": i]) } }

let contended = registry.counter("bench_contended_total", help: "x").labels()
twoThreads("2 threads, increment(worker:) own shards", n) { w in for _ in 0..<n { contended.increment(worker: w) } }
twoThreads("2 threads, increment() one shared atomic", n) { _ in for _ in 0..<n { contended.increment() } }

// A scrape with 200 routes, each with 3 status classes seen.
for r in 0..<200 {
    let m = metrics.route(RouteLabels(namespace: "ns", ingress: "ing\(r)", host: "h\(r).example.com", path: "/p",
                                      service: "svc\(r)"))
    for code in [200, 404, 503] {
        m.record(method: .get, statusCode: code, durationSeconds: 0.01, upstreamSeconds: 0.01,
                 requestBytes: 10, responseBytes: 10, worker: 1)
    }
}
var bytes = 0
let t0 = now()
for _ in 0..<20 { bytes = registry.render().utf8.count }
report("render(), 200 routes (\(bytes) bytes)", Double(now() - t0) / 20 / 1e6, "ms")
