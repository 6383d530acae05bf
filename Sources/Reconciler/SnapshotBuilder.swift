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
        var routes = RouteStep(resolver: EndpointResolver(state: state), secrets: state.secrets)
        routes.addRules(of: ingresses, warnings: &warnings)
        routes.addDefaultBackends(of: ingresses, option: options.defaultBackend, warnings: &warnings)
        var snapshot = routes.assemble(tls: tls)
        warnings = Array(Set(warnings)).sorted()
        snapshot.warnings = warnings
        return (snapshot, warnings)
    }

    /// The EndpointSlice fast path: the same snapshot with backends' endpoint lists
    /// recomputed from `state`; routes, hosts, TLS and warnings are untouched. A backend
    /// whose Service or port has gone keeps no endpoints (the full rebuild that the
    /// Service change triggers will warn about it).
    ///
    /// - Parameter services: `namespace/name` of the Services whose slices changed (see
    ///   `changedServices(from:to:)`); only their backends are recomputed. nil: all.
    public static func updatingEndpoints(_ snapshot: RoutingSnapshot, state: ClusterState,
                                         services: Set<String>? = nil) -> RoutingSnapshot {
        if let services, services.isEmpty { return snapshot }
        let only = services.map { Set($0.compactMap(EndpointResolver.ServiceKey.init)) }
        let resolver = EndpointResolver(state: state, onlyServices: only)
        var s = snapshot
        for i in s.backends.indices {
            let name = s.backends[i].name
            if let only, !only.contains(.init(namespace: name.namespace, name: name.service)) { continue }
            s.backends[i].endpoints = resolver.endpoints(for: name) ?? []
        }
        return s
    }

    /// `namespace/name` of every Service with an EndpointSlice added, removed or changed
    /// between two sets of slices (both the old and the new owner when a slice moves).
    /// Slices with equal `resourceVersion`s count as unchanged without a deep comparison.
    public static func changedServices(from old: [String: EndpointSlice], to new: [String: EndpointSlice]) -> Set<String> {
        var changed = Set<String>()
        func owner(_ s: EndpointSlice) -> String? {
            s.serviceName.map { "\(s.metadata.namespace ?? "")/\($0)" }
        }
        for (key, slice) in new {
            if let prev = old[key], ClusterState.sameVersion(prev, slice) { continue }
            if let o = owner(slice) { changed.insert(o) }
            if let prev = old[key], let o = owner(prev) { changed.insert(o) }
        }
        for (key, slice) in old where new[key] == nil {
            if let o = owner(slice) { changed.insert(o) }
        }
        return changed
    }
}
