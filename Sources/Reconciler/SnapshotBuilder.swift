import KubeAPI
import Routing

/// Turns the cluster's objects into the routing snapshot the data plane serves.
///
/// A pure function of its inputs (no I/O, no clock: `options.now`), deterministic (every
/// list sorted), organised as ordered steps like Contour's DAG builder:
/// 1. class filter (`IngressClassFilter`), oldest Ingress first;
/// 2. TLS (`TLSStep`): `spec.tls` to the SNI table;
/// 3. rules (`RouteStep`): hosts and paths to routes, merged per host, conflicts resolved
///    in favour of the oldest Ingress;
/// 4. backends and endpoints (`EndpointResolver`);
/// 5. prune and sort: virtual hosts with their routes in match order, backends by name,
///    warnings sorted.
/// User mistakes never throw: each becomes a `ConfigWarning` and only the offending
/// host, path or certificate is skipped.
public enum SnapshotBuilder {
    /// Builds a snapshot (generation 0; `SnapshotStore.publish` stamps it) and its
    /// warnings, which are also in `snapshot.warnings`.
    public static func build(_ state: ClusterState, options: SnapshotBuilderOptions = .init())
        -> (snapshot: RoutingSnapshot, warnings: [ConfigWarning]) {
        var warnings: [ConfigWarning] = []
        let ingresses = IngressClassFilter.select(state, options: options, warnings: &warnings)
        var tlsStep = TLSStep(state: state, options: options)
        let tls = tlsStep.run(ingresses, warnings: &warnings)
        var routes = RouteStep(resolver: EndpointResolver(state: state))
        routes.addRules(of: ingresses, warnings: &warnings)
        routes.addDefaultBackends(of: ingresses, option: options.defaultBackend, warnings: &warnings)
        var snapshot = routes.assemble(tls: tls)
        warnings = Array(Set(warnings)).sorted()
        snapshot.warnings = warnings
        return (snapshot, warnings)
    }

    /// The EndpointSlice fast path: the same snapshot with every backend's endpoint list
    /// recomputed from `state`; routes, hosts, TLS and warnings are untouched. A backend
    /// whose Service or port has gone keeps no endpoints (the full rebuild that the
    /// Service change triggers will warn about it).
    public static func updatingEndpoints(_ snapshot: RoutingSnapshot, state: ClusterState) -> RoutingSnapshot {
        let resolver = EndpointResolver(state: state)
        var s = snapshot
        for i in s.backends.indices {
            s.backends[i].endpoints = resolver.endpoints(for: s.backends[i].name) ?? []
        }
        return s
    }
}
