import Controller
import DataPlane
import Reactor
import Reconciler
import Routing

/// `--echo-backends`: starts an in-process echo server on every loopback endpoint the
/// manifests name, each answering with its Service's name, so the quickstart is one
/// command. Only loopback addresses are ever bound: it never listens where a real
/// backend could live.
enum DemoBackends {
    static func start(manifests dir: String) throws(CLIError) -> [EchoServer] {
        let load = ManifestFolder.load(dir)
        let (snapshot, _) = SnapshotBuilder.build(ClusterState(objects: load.objects))
        var seen = Set<Endpoint>()
        var servers: [EchoServer] = []
        for backend in snapshot.backends {
            for e in backend.endpoints where isLoopback(e.host) && seen.insert(e).inserted {
                do {
                    let s = try EchoServer(listen: try SocketAddress(parsing: e.description),
                                           name: backend.name.service, workers: 1)
                    s.start()
                    servers.append(s)
                    note("portico: echo backend \(backend.name.service) on \(e)")
                } catch {
                    throw CLIError(message: "--echo-backends: cannot listen on \(e) for \(backend.name): \(error)")
                }
            }
        }
        return servers
    }

    private static func isLoopback(_ host: String) -> Bool {
        host.hasPrefix("127.") || host == "::1"
    }
}
