import Routing
import Telemetry

extension ProxyServer {
    /// Exposes the data plane and the current snapshot on `metrics`' registry and serves
    /// it on the admin path `/metrics`: the workers' own counters as proper families,
    /// ready endpoints per backend and warnings by kind read from the live snapshot at
    /// scrape time, and after every publish the generation, the swap time, and the series
    /// of removed routes and backends dropped.
    ///
    /// `metrics` must be the one this server was created with (its per-route handles are
    /// the series `retain` keeps).
    public func exportMetrics(_ metrics: PorticoMetrics, admin: AdminRegistry) {
        let store = self.store
        metrics.registry.register(collect: { [self] in counters().metricFamilies })
        metrics.readyEndpoints.setProvider {
            store.load().backends.map { b in
                LabeledValue([b.name.namespace, b.name.service, b.name.port], Double(b.endpoints.count))
            }
        }
        metrics.configWarnings.setProvider {
            var byKind: [String: Int] = [:]
            for w in store.load().warnings { byKind[w.reason, default: 0] += 1 }
            return byKind.keys.sorted().map { LabeledValue([$0], Double(byKind[$0]!)) }
        }
        store.onPublish { snapshot in
            metrics.snapshotGeneration.set(Double(snapshot.generation))
            metrics.snapshotLastSwapTimestamp.set(WallClock.now())
            metrics.retain(routes: SnapshotSeries.routes(snapshot), backends: SnapshotSeries.backends(snapshot))
        }
        if store.hasSnapshot {
            let s = store.load()
            metrics.snapshotGeneration.set(Double(s.generation))
            metrics.snapshotLastSwapTimestamp.set(WallClock.now())
        }
        admin.register("/metrics") {
            AdminResponse(contentType: MetricsRegistry.contentType, body: Array(metrics.registry.render().utf8))
        }
    }
}

/// The metric label sets a snapshot's routes and backends produce, so series of objects
/// that left the snapshot can be dropped.
enum SnapshotSeries {
    /// Route labels exactly as `RouteCache` makes them, plus the empty set unrouted
    /// requests are counted under.
    static func routes(_ s: RoutingSnapshot) -> Set<RouteLabels> {
        var out: Set<RouteLabels> = [RouteLabels()]
        for vh in Array(s.hosts.values) + Array(s.wildcardHosts.values) + (s.defaultHost.map { [$0] } ?? []) {
            for r in vh.routes {
                let service = r.backend.flatMap { $0 < s.backends.count ? s.backends[$0].name.service : nil } ?? ""
                out.insert(RouteLabels(namespace: r.source.namespace, ingress: r.source.name, host: vh.name,
                                       path: r.match.value, service: service))
            }
        }
        return out
    }

    /// Backend labels of every backend in the snapshot.
    static func backends(_ s: RoutingSnapshot) -> Set<BackendLabels> {
        Set(s.backends.map(\.name.metricLabels))
    }
}

extension BackendName {
    /// The labels of this backend in upstream metrics.
    var metricLabels: BackendLabels { BackendLabels(namespace: namespace, service: service, port: port) }
}
