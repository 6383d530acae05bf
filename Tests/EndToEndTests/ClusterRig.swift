import Controller
import DataPlane
import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Reactor
import Reconciler
import Routing
import Synchronization
import Telemetry
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// Cluster mode wired to the proxy in-process, the way `portico serve --kubeconfig` wires it:
/// a fake API server, echo backends `a`, `b`, `c` on 127.0.0.1, `ClusterMode` publishing
/// into the `SnapshotStore` the `ProxyServer` serves (HTTP, HTTPS and admin listeners).
final class ClusterRig {
    let api = FakeAPIServer()
    let store = SnapshotStore()
    let proxy: ProxyServer
    let mode: ClusterMode
    let metrics = PorticoMetrics(registry: MetricsRegistry())
    var echoes: [String: EchoServer] = [:]

    /// `seed` runs before cluster mode starts, so the first sync already sees its objects.
    init(seed: (FakeAPIServer, ClusterRig) -> Void = { _, _ in }) throws {
        try api.start()
        for name in ["a", "b", "c"] {
            let echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: name)
            echo.start()
            echoes[name] = echo
        }
        var config = ProxyConfiguration(httpListen: try SocketAddress(parsing: "127.0.0.1:0"),
                                        adminListen: try SocketAddress(parsing: "127.0.0.1:0"),
                                        workers: 1, accessLog: false)
        config.httpsListen = try SocketAddress(parsing: "127.0.0.1:0")
        proxy = try ProxyServer(configuration: config, store: store)
        proxy.start()
        let validator: CertificateValidator = { cert, key in
            TLSCertificateValidator.notAfterValidator()(cert, key).mapError { CertificateProblem($0.description) }
        }
        let options = ClusterModeOptions(
            controller: ClusterControllerConfiguration(
                minRebuildInterval: .milliseconds(10),
                builderOptions: SnapshotBuilderOptions(certificateValidator: validator),
                backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))),
            electionID: nil, publish: nil, events: false, podName: "e2e", podNamespace: "portico-system")
        mode = ClusterMode(connection: KubeConnection(server: api.url, requestTimeout: .seconds(5),
                                                      connectTimeout: .seconds(1)),
                           store: store, options: options, metrics: metrics, logger: Logger(label: "cluster", level: .error))
        seed(api, self)
    }

    func start() { mode.start() }

    func stop() {
        mode.stop()
        proxy.stop()
        for e in echoes.values { e.stop() }
        api.stop()
    }

    /// The echo `name`'s port, as an EndpointSlice endpoint would carry it.
    func port(_ name: String) -> Int32 { Int32(echoes[name]!.address.port) }

    // MARK: - Objects

    /// A Service `name` (port 80, named `http`) and one slice per echo backend.
    func backend(_ name: String, echoes names: [String]) {
        api.store.apply(Fixture.service("shop", name))
        for echo in names { api.store.apply(slice(name, echo: echo)) }
    }

    /// The slice `service-echo` with one endpoint, the echo `echo`. The echoes share
    /// 127.0.0.1 and differ by port, and a slice's endpoints share its ports, so each echo
    /// gets its own slice; adding or removing one adds or removes that endpoint.
    func slice(_ service: String, echo: String, ready: Bool = true, name: String? = nil) -> EndpointSlice {
        EndpointSlice(metadata: ObjectMeta(name: name ?? "\(service)-\(echo)", namespace: "shop",
                                           labels: ["kubernetes.io/service-name": service]),
                      endpoints: [EndpointSliceEndpoint(addresses: ["127.0.0.1"], conditions: EndpointConditions(ready: ready))],
                      ports: [EndpointPort(name: "http", port: port(echo))])
    }

    func ingress(_ name: String, host: String, service: String, tlsSecret: String? = nil) -> Ingress {
        var ingress = Fixture.ingress("shop", name, host: host, service: service)
        if let tlsSecret { ingress.spec.tls = [IngressTLS(hosts: [host], secretName: tlsSecret)] }
        return ingress
    }

    static func tlsSecret(_ name: String, _ certificate: SelfSignedCertificate) -> Secret {
        Secret(metadata: ObjectMeta(name: name, namespace: "shop"), type: Secret.tlsType,
               bytes: ["tls.crt": certificate.certificatePEM, "tls.key": certificate.privateKeyPEM])
    }

    // MARK: - Requests

    /// One request on a new connection: the status and the echo's `name` (nil if not an echo answer).
    func fetch(host: String, path: String = "/") -> (status: Int, name: String?)? {
        guard let client = try? TestClient(proxy.httpAddress, timeoutSeconds: 3),
              (try? client.send(get(path, host: host, extra: "Connection: close\r\n"))) != nil,
              let response = try? client.readResponse() else { return nil }
        return (response.status, Self.echoName(response.body))
    }

    /// One HTTPS request with SNI `host`: the certificate's common name and the echo's `name`.
    func fetchTLS(host: String) -> (commonName: String?, name: String?)? {
        guard let client = try? HTTPSTestClient(proxy.httpsAddress!, serverName: host, timeoutSeconds: 3),
              (try? client.send(get("/", host: host, extra: "Connection: close\r\n"))) != nil,
              let response = try? client.readResponse() else { return nil }
        return (client.peerCommonName, Self.echoName(response.body))
    }

    func adminStatus(_ path: String) -> Int? {
        guard let client = try? TestClient(proxy.adminAddress!, timeoutSeconds: 3),
              (try? client.send(get(path, host: "admin"))) != nil else { return nil }
        return (try? client.readResponse())?.status
    }

    /// Whether the metrics exposition has this exact line (e.g. `portico_kube_connected 0`).
    func exposes(_ line: String) -> Bool {
        metrics.registry.render().split(separator: "\n").contains { $0 == line }
    }

    static func echoName(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object["name"] as? String
    }
}

/// Polls `condition` for up to `seconds` (default 5) and returns the elapsed seconds when it
/// held, nil when it never did. Latency is reported, not asserted: the benchmark measures it.
func observed(_ what: String, seconds: Double = 5, _ condition: () -> Bool) -> Double? {
    let start = MonotonicClock.now()
    let end = start + Int64(seconds * 1e9)
    while MonotonicClock.now() < end {
        if condition() {
            let elapsed = Double(MonotonicClock.now() - start) / 1e9
            print("cluster e2e: \(what) served after \(String(format: "%.3f", elapsed)) s")
            return elapsed
        }
        usleep(5_000)
    }
    print("cluster e2e: \(what) NOT served within \(seconds) s")
    return nil
}

/// A client thread sending requests through the proxy until stopped (bounded to 60 s and
/// 100 000 requests), counting answers that are not 200 from the expected echo set.
final class SteadyTraffic: Sendable {
    private let state = Mutex<(sent: Int, failed: Int, stop: Bool, failures: [String])>((0, 0, false, []))
    private let done = DispatchSemaphore(value: 0)

    init(_ rig: ClusterRig, host: String, expect names: Set<String>) {
        let address = rig.proxy.httpAddress
        let thread = Thread { [self] in
            let end = MonotonicClock.now() + 60_000_000_000
            for _ in 0..<100_000 {
                if state.withLock({ $0.stop }) || MonotonicClock.now() > end { break }
                var problem: String?
                if let client = try? TestClient(address, timeoutSeconds: 3),
                   (try? client.send(get("/", host: host, extra: "Connection: close\r\n"))) != nil,
                   let response = try? client.readResponse() {
                    let name = ClusterRig.echoName(response.body)
                    if response.status != 200 || !names.contains(name ?? "") {
                        problem = "status \(response.status) from \(name ?? "-")"
                    }
                } else {
                    problem = "no response"
                }
                state.withLock {
                    $0.sent += 1
                    if let problem { $0.failed += 1; if $0.failures.count < 5 { $0.failures.append(problem) } }
                }
                usleep(2_000)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops the thread (waits for it, bounded) and returns what it saw.
    func finish() -> (sent: Int, failed: Int, failures: [String]) {
        state.withLock { $0.stop = true }
        _ = done.wait(timeout: .now() + 10)
        return state.withLock { ($0.sent, $0.failed, $0.failures) }
    }
}
