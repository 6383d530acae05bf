import DataPlane
import Reactor
import Routing

/// An in-process proxy and echo backends on ephemeral 127.0.0.1 ports.
final class Harness {
    let store = SnapshotStore()
    let admin = AdminRegistry()
    let proxy: ProxyServer
    var echoes: [EchoServer] = []

    init(echoNames: [String] = ["a"], configure: (inout ProxyConfiguration) -> Void = { _ in }) throws {
        for n in echoNames {
            let e = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: n)
            e.start()
            echoes.append(e)
        }
        var config = ProxyConfiguration(httpListen: try SocketAddress(parsing: "127.0.0.1:0"),
                                        adminListen: try SocketAddress(parsing: "127.0.0.1:0"),
                                        workers: 1, accessLog: false)
        configure(&config)
        proxy = try ProxyServer(configuration: config, store: store, admin: admin)
        proxy.start()
        if !echoes.isEmpty { store.publish(CatchAllSnapshot.make(endpoints: echoes.map(\.address))) }
    }

    func client(timeoutSeconds: Int = 5) throws -> TestClient { try TestClient(proxy.httpAddress, timeoutSeconds: timeoutSeconds) }

    func stop() {
        proxy.stop()
        for e in echoes { e.stop() }
    }

    /// A snapshot with one host `name` → routes (prefix path → endpoints).
    static func snapshot(hosts: [String: [(String, [SocketAddress])]]) -> RoutingSnapshot {
        var backends: [Backend] = []
        var vhosts: [String: VirtualHost] = [:]
        let src = ObjectRef(kind: "Ingress", namespace: "default", name: "test")
        for (host, routes) in hosts.sorted(by: { $0.key < $1.key }) {
            var rs: [Route] = []
            for (path, eps) in routes {
                backends.append(Backend(name: BackendName(namespace: "default", service: "\(host)\(path)", port: "80"),
                                        endpoints: eps.map { Endpoint(host: $0.ipString, port: $0.port) }))
                rs.append(Route(match: .prefix(path), backend: backends.count - 1, source: src))
            }
            vhosts[host] = VirtualHost(name: host, routes: rs)
        }
        return RoutingSnapshot(hosts: vhosts, backends: backends)
    }
}

func get(_ path: String, host: String = "example.test", extra: String = "") -> String {
    "GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\(extra)\r\n"
}
