// portico-scale-bench: how the snapshot builder and route lookup scale.
//
// Generates a cluster in memory (10,000 Ingresses, 10,000 Services, 50,000 endpoints by
// default), builds the snapshot, refreshes endpoints via the fast path, and times route
// lookups at 100 / 1,000 / 10,000 routes, spread over hosts and all on one host.
// Also times the manifests folder watcher (change to publish).
// Prints numbers; asserts nothing (targets: build < 500 ms, peak RSS < 300 MiB, release).
import Foundation
import Glibc
import KubeAPI
import Reconciler
import Routing

let args = CommandLine.arguments
func intArg(_ name: String, _ d: Int) -> Int {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return d }
    return v
}
let ingressCount = intArg("--ingresses", 10_000)
let endpointsPerService = intArg("--endpoints-per-service", 5)
let runs = intArg("--runs", 5)
let lookupIterations = max(1, intArg("--lookups", 2_000_000))

/// Peak and current resident set size in KiB, from /proc/self/status.
func memoryKiB() -> (peak: Int, current: Int) {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    var peak = 0, cur = 0
    for line in s.split(separator: "\n") {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        if line.hasPrefix("VmHWM:"), parts.count >= 2 { peak = Int(parts[1]) ?? 0 }
        if line.hasPrefix("VmRSS:"), parts.count >= 2 { cur = Int(parts[1]) ?? 0 }
    }
    return (peak, cur)
}

func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

/// CPU time of this thread in ms: less sensitive than wall time to a machine shared with
/// other builds (the figure to compare against the 500 ms target on a busy machine).
func threadCPUms() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

// MARK: - Generate

func generate() -> ClusterState {
    var s = ClusterState()
    s.upsert(IngressClass(metadata: ObjectMeta(name: "portico"), spec: IngressClassSpec(controller: "portico.io/ingress-controller")))
    for i in 0..<ingressCount {
        let ns = "team-\(i % 100)"
        let svc = "svc-\(i)"
        s.upsert(Service(metadata: ObjectMeta(name: svc, namespace: ns),
                         spec: ServiceSpec(ports: [ServicePort(name: "http", port: 80, targetPort: .string("http"))])))
        let endpoints = (0..<endpointsPerService).map { e in
            EndpointSliceEndpoint(addresses: ["10.\(i / 256 % 256).\(i % 256).\(e + 1)"],
                                  conditions: EndpointConditions(ready: e != 0 || i % 10 != 0))
        }
        s.upsert(EndpointSlice(metadata: ObjectMeta(name: "\(svc)-abc", namespace: ns, resourceVersion: "\(1000 + i)",
                                                    labels: [EndpointSlice.serviceNameLabel: svc]),
                               addressType: "IPv4", endpoints: endpoints,
                               ports: [EndpointPort(name: "http", port: 8080)]))
        let backend = IngressBackend(service: IngressServiceBackend(name: svc, port: ServiceBackendPort(number: 80)))
        s.upsert(Ingress(
            metadata: ObjectMeta(name: "ing-\(i)", namespace: ns,
                                 creationTimestamp: "2025-01-01T00:00:\(String(format: "%02d", i % 60))Z"),
            spec: IngressSpec(ingressClassName: "portico", rules: [
                IngressRule(host: "app-\(i).bench.test", http: HTTPIngressRuleValue(paths: [
                    HTTPIngressPath(path: "/", pathType: "Prefix", backend: backend),
                    HTTPIngressPath(path: "/api/v1", pathType: "Prefix", backend: backend),
                    HTTPIngressPath(path: "/healthz", pathType: "Exact", backend: backend),
                ])),
            ])))
    }
    return s
}

let before = memoryKiB()
let t0 = ContinuousClock.now
let state = generate()
let generateMs = ms(ContinuousClock.now - t0)
let afterGenerate = memoryKiB()

var buildTimes: [Double] = []
var buildCPU: [Double] = []
var result: (snapshot: RoutingSnapshot, warnings: [ConfigWarning])!
for _ in 0..<runs {
    let t = ContinuousClock.now
    let c = threadCPUms()
    result = SnapshotBuilder.build(state, options: SnapshotBuilderOptions(now: 1_800_000_000))
    buildCPU.append(threadCPUms() - c)
    buildTimes.append(ms(ContinuousClock.now - t))
}
let afterBuild = memoryKiB()

var fastTimes: [Double] = []
for _ in 0..<runs {
    let t = ContinuousClock.now
    let s = SnapshotBuilder.updatingEndpoints(result.snapshot, state: state)
    fastTimes.append(ms(ContinuousClock.now - t))
    precondition(s.backends.count == result.snapshot.backends.count)
}

// One Service's slice changes: find what changed and recompute only its backend.
var oneTimes: [Double] = []
for r in 0..<runs {
    var changed = state
    let key = "team-7/svc-7-abc"
    changed.endpointSlices[key]?.endpoints[0].addresses = ["10.99.0.\(r + 1)"]
    changed.endpointSlices[key]?.metadata.resourceVersion = "\(100_000 + r)"
    let t = ContinuousClock.now
    let services = SnapshotBuilder.changedServices(from: state.endpointSlices, to: changed.endpointSlices)
    let s = SnapshotBuilder.updatingEndpoints(result.snapshot, state: changed, services: services)
    oneTimes.append(ms(ContinuousClock.now - t))
    precondition(services == ["team-7/svc-7"] && s.backends.count == result.snapshot.backends.count)
}

let snap = result.snapshot
let routeCount = snap.hosts.values.reduce(0) { $0 + $1.routes.count }
let endpointCount = snap.backends.reduce(0) { $0 + $1.endpoints.count }
print("objects: \(state.ingresses.count) ingresses, \(state.services.count) services, "
      + "\(state.endpointSlices.count) endpoint slices, \(ingressCount * endpointsPerService) endpoints")
print("snapshot: \(snap.hosts.count) hosts, \(routeCount) routes, \(snap.backends.count) backends, "
      + "\(endpointCount) ready endpoints, \(result.warnings.count) warnings")
print(String(format: "generate: %.1f ms", generateMs))
print(String(format: "build: median %.1f ms, min %.1f ms wall; median %.1f ms CPU over %d runs",
             median(buildTimes), buildTimes.min()!, median(buildCPU), runs))
print(String(format: "endpoint fast path, all backends: median %.1f ms over %d runs", median(fastTimes), runs))
print(String(format: "endpoint fast path, one Service's slice changed (diff + refresh): median %.1f ms", median(oneTimes)))
print("memory: RSS \(before.current / 1024) MiB at start, \(afterGenerate.current / 1024) MiB after generating, "
      + "peak \(afterBuild.peak / 1024) MiB after \(runs) builds")

// MARK: - Lookup

/// Routes spread over hosts (3 per host) or all on one host.
func lookupSnapshot(routes: Int, oneHost: Bool) -> (RoutingSnapshot, [(String, String)]) {
    let src = ObjectRef(kind: "Ingress", namespace: "b", name: "b")
    var hosts: [String: VirtualHost] = [:]
    var requests: [(String, String)] = []
    if oneHost {
        var rs: [Route] = []
        for i in 0..<routes {
            rs.append(Route(match: i % 3 == 0 ? .exact("/svc-\(i)/health") : .prefix("/svc-\(i)/api"), backend: 0, source: src))
        }
        rs.sort(by: Route.matchOrder)
        hosts["one.bench.test"] = VirtualHost(name: "one.bench.test", routes: rs)
        for i in stride(from: 0, to: routes, by: max(1, routes / 1000)) {
            requests.append(("one.bench.test", i % 3 == 0 ? "/svc-\(i)/health" : "/svc-\(i)/api/users/42"))
        }
    } else {
        for h in 0..<max(1, routes / 3) {
            let name = "app-\(h).bench.test"
            let rs = [Route(match: .exact("/healthz"), backend: 0, source: src),
                      Route(match: .prefix("/api/v1"), backend: 0, source: src),
                      Route(match: .prefix("/"), backend: 0, source: src)]
            hosts[name] = VirtualHost(name: name, routes: rs)
        }
        for i in 0..<1000 { requests.append(("app-\(i * 7919 % max(1, routes / 3)).bench.test", "/api/v1/users/\(i)")) }
    }
    let backend = Backend(name: BackendName(namespace: "b", service: "b", port: "80"), endpoints: [Endpoint(host: "10.0.0.1", port: 80)])
    return (RoutingSnapshot(hosts: hosts, backends: [backend]), requests)
}

// `--lookup-sizes 1000` and `--lookup-mode one|spread` narrow the lookup runs (e.g. to
// count instructions of one configuration under callgrind).
let sizes = intArg("--lookup-sizes", 0) > 0 ? [intArg("--lookup-sizes", 0)] : [100, 1_000, 10_000]
let modeArg = args.firstIndex(of: "--lookup-mode").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
let modes = modeArg == "one" ? [true] : modeArg == "spread" ? [false] : [false, true]
for oneHost in modes {
    for n in sizes {
        let (s, requests) = lookupSnapshot(routes: n, oneHost: oneHost)
        let iterations = lookupIterations
        var hits = 0
        let t = ContinuousClock.now
        for i in 0..<iterations {
            let (h, p) = requests[i % requests.count]
            if s.lookup(host: h, path: p) != nil { hits += 1 }
        }
        let ns = ms(ContinuousClock.now - t) * 1e6 / Double(iterations)
        precondition(hits == iterations, "every request should match")
        print(String(format: "lookup %@ %5d routes: %.0f ns/lookup", oneHost ? "one host, " : "3 per host,", n, ns))
    }
}

// MARK: - Manifests folder watch

let watchChanges = intArg("--watch-changes", 20)
if watchChanges > 0 {
    let lat = measureWatchLatency(changes: watchChanges)
    print(String(format: "manifests folder change to publish: median %.0f ms, max %.0f ms over %d changes (inotify, poll 100 ms fallback, 15 ms settle)",
                 median(lat), lat.max()!, lat.count))
}
