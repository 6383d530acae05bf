import DataPlane
import Reactor
import Reconciler
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
          check    print the routing table a folder of manifests gives, and its warnings
          echo     run a test backend that describes each request in JSON

        """

    static func serve(_ o: ServeOptions) -> Int32 {
        TerminationSignals.block()
        let logger = Logger(label: "portico", level: o.logLevel)
        let store = SnapshotStore()
        let admin = AdminRegistry()
        let registry = MetricsRegistry(workerCount: max(1, o.proxy.workers))
        let metrics = PorticoMetrics(registry: registry, version: Version.current)
        let server: ProxyServer
        do {
            server = try ProxyServer(configuration: o.proxy, store: store, admin: admin, metrics: metrics)
        } catch {
            note("portico: cannot listen: \(error)")
            return 1
        }
        if let tls = server.tls {
            // One expiry sample per served Secret (the generated default has none to name).
            metrics.certificateExpiry.setProvider {
                tls.servedCertificates().compactMap { c in
                    c.secret.map { LabeledValue([$0.namespace, $0.name], Double(c.notAfter)) }
                }
            }
        }
        server.exportMetrics(metrics, admin: admin)
        admin.register("/debug/snapshot") { [store] in
            AdminResponse(contentType: "application/json", text: SnapshotJSON.render(store.load()))
        }
        var demo: [EchoServer] = []
        let source: RouteSource
        do throws(CLIError) {
            if o.echoBackends {
                guard let dir = o.routes.manifests else { throw CLIError(message: "--echo-backends needs --manifests DIR") }
                demo = try DemoBackends.start(manifests: dir)
            }
            source = try RouteSource.start(o, store: store, metrics: metrics, logger: logger)
        } catch {
            for d in demo { d.stop() }
            note("portico: \(error.message)")
            server.drainAndStop()
            return 2
        }
        server.start()
        note("portico: serving http on \(server.httpAddress)\(server.httpsAddress.map { ", https on \($0)" } ?? "")\(server.adminAddress.map { ", admin on \($0)" } ?? "") with \(o.proxy.workers) workers")
        let sig = TerminationSignals.wait()
        note("portico: signal \(sig): draining (up to \(o.proxy.drainTimeout / 1_000_000) ms)")
        // Stop producing snapshots first: the last one keeps serving while requests drain.
        source.stop()
        let clean = server.drainAndStop()
        for d in demo { d.stop() }
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
