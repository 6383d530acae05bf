import Reactor
import Routing

/// The snapshot `--upstream` publishes before the controller exists: every host, prefix
/// `/`, to one backend with the given endpoints (benchmarks and quick tests use it).
public enum CatchAllSnapshot {
    /// A snapshot routing everything to `endpoints` with equal weights.
    public static func make(endpoints: [SocketAddress]) -> RoutingSnapshot {
        let backend = Backend(name: BackendName(namespace: "default", service: "upstream", port: "http"),
                              endpoints: endpoints.map { Endpoint(host: $0.ipString, port: $0.port) })
        let route = Route(match: .prefix("/"), backend: 0,
                          source: ObjectRef(kind: "Flag", namespace: "", name: "--upstream"))
        return RoutingSnapshot(defaultHost: VirtualHost(name: "*", routes: [route]), backends: [backend])
    }
}
