import Controller
import Foundation
import Routing
import Telemetry

/// Change-to-publish latency of the manifests folder: rewrites an Ingress file and times
/// how long until the store holds a snapshot with the new route (poll 100 ms, default).
func measureWatchLatency(changes: Int) -> [Double] {
    let dir = NSTemporaryDirectory() + "portico-scale-watch-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    func ingress(_ path: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: portico}
        spec: {controller: portico.io/ingress-controller}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          ingressClassName: portico
          rules:
            - host: watch.test
              http: {paths: [{path: \(path), pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}]}
        """
    }
    let file = dir + "/all.yaml"
    try? ingress("/v0").write(toFile: file, atomically: true, encoding: .utf8)
    let store = SnapshotStore()
    let source = ManifestSource(directory: dir, store: store,
                                log: Logger(label: "bench", level: .error, sink: CapturingLogSink()))
    source.start()
    defer { source.stop() }
    var latencies: [Double] = []
    for i in 1...changes {
        // Let the watcher settle, then change the file and wait (at most 5 s) for the route.
        Thread.sleep(forTimeInterval: 0.15 + Double(i % 7) * 0.013)
        let t = ContinuousClock.now
        try? ingress("/v\(i)").write(toFile: file, atomically: true, encoding: .utf8)
        for _ in 0..<5000 {
            if store.load().lookup(host: "watch.test", path: "/v\(i)") != nil { break }
            usleep(200)
        }
        latencies.append(ms(ContinuousClock.now - t))
    }
    return latencies
}
