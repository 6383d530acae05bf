import DataPlane
import Reactor
import Routing
import Telemetry
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to stderr (startup and shutdown messages; requests go to the access log).
func note(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

enum Commands {
    static let topHelp = """
        Usage: portico <command> [flags]

        Commands:
          serve    run the ingress proxy (see 'portico serve --help')
          echo     run a test backend that describes each request in JSON

        """

    static func serve(_ o: ServeOptions) -> Int32 {
        TerminationSignals.block()
        let store = SnapshotStore()
        let admin = AdminRegistry()
        let registry = MetricsRegistry(workerCount: max(1, o.proxy.workers))
        let metrics = PorticoMetrics(registry: registry)
        store.onPublish { snapshot in metrics.snapshotPublished(generation: snapshot.generation, buildSeconds: 0) }
        let server: ProxyServer
        do {
            server = try ProxyServer(configuration: o.proxy, store: store, admin: admin, metrics: metrics)
        } catch {
            note("portico: cannot listen: \(error)")
            return 1
        }
        admin.register("/metrics") { [server] in
            AdminResponse(contentType: "text/plain; version=0.0.4",
                          text: registry.render() + server.counters().prometheusText)
        }
        admin.register("/debug/snapshot") { [store] in
            let s = store.load()
            var text = "generation \(s.generation)\nhosts \(s.hosts.count) wildcard \(s.wildcardHosts.count) default \(s.defaultHost != nil)\n"
            for b in s.backends { text += "backend \(b.name): \(b.endpoints.map(\.description).joined(separator: ", "))\n" }
            for w in s.warnings { text += "warning \(w)\n" }
            return AdminResponse(text: text)
        }
        if !o.upstreams.isEmpty {
            store.publish(CatchAllSnapshot.make(endpoints: o.upstreams))
        }
        server.start()
        note("portico: serving http on \(server.httpAddress)\(server.adminAddress.map { ", admin on \($0)" } ?? "") with \(o.proxy.workers) workers")
        let sig = TerminationSignals.wait()
        note("portico: signal \(sig): draining (up to \(o.proxy.drainTimeout / 1_000_000) ms)")
        let clean = server.drainAndStop()
        note(clean ? "portico: drained, exiting" : "portico: drain timeout reached, closed remaining connections")
        return 0
    }

    static func echo(_ o: EchoOptions) -> Int32 {
        TerminationSignals.block()
        let server: EchoServer
        do { server = try EchoServer(listen: o.listen, name: o.name, workers: o.workers) } catch {
            note("portico echo: cannot listen on \(o.listen): \(error)")
            return 1
        }
        server.start()
        note("portico echo: \(o.name) listening on \(server.address)")
        _ = TerminationSignals.wait()
        server.stop()
        return 0
    }
}
