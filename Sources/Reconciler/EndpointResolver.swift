import KubeAPI
import Routing

/// Resolves a Service port to the ready endpoints behind it.
///
/// The Ingress names a Service port by number or name; the EndpointSlices of the Service
/// (label `kubernetes.io/service-name`) carry that port under the Service port's *name*
/// with the resolved target number, which is how named `targetPort`s work without
/// looking at pods. Only endpoints whose `conditions.ready` is not false get traffic:
/// terminating and not-yet-ready pods get no new requests.
struct EndpointResolver {
    private let services: [String: Service]
    /// Slices grouped by `namespace/service`, built once per build.
    private let slicesByService: [String: [EndpointSlice]]

    init(state: ClusterState) {
        services = state.services
        var index: [String: [EndpointSlice]] = [:]
        for slice in state.endpointSlices.values {
            guard let svc = slice.serviceName else { continue }
            index["\(slice.metadata.namespace ?? "")/\(svc)", default: []].append(slice)
        }
        slicesByService = index
    }

    /// Why a backend cannot be resolved.
    struct Problem: Error {
        var reason: WarningReason
        var message: String
    }

    /// The Service and its port for a backend name (`port` is a number or a port name).
    func servicePort(namespace: String, service: String, port: String) -> Result<(Service, ServicePort?), Problem> {
        guard let svc = services["\(namespace)/\(service)"] else {
            return .failure(Problem(reason: .serviceNotFound,
                message: "Service \"\(namespace)/\(service)\" does not exist; requests get 503"))
        }
        let ports = svc.spec.ports ?? []
        let found: ServicePort?
        if let n = Int32(port) {
            found = ports.first { $0.port == n }
            // An ExternalName Service may list no ports: the Ingress's number is the port.
            if found == nil && svc.spec.isExternalName && ports.isEmpty { return .success((svc, nil)) }
        } else {
            found = ports.first { ($0.name ?? "") == port }
        }
        guard let found else {
            let have = ports.map { p in p.name.map { "\($0) (\(p.port))" } ?? String(p.port) }
            return .failure(Problem(reason: .servicePortNotFound,
                message: "Service \"\(namespace)/\(service)\" has no port \(port); it has \(have.isEmpty ? "none" : have.joined(separator: ", ")); requests get 503"))
        }
        return .success((svc, found))
    }

    /// The endpoints for a resolved Service port, sorted and de-duplicated.
    func endpoints(service: Service, port: ServicePort?, requestedPort: String) -> [Endpoint] {
        if service.spec.isExternalName {
            guard let host = service.spec.externalName, !host.isEmpty else { return [] }
            let number = port.map { Int($0.port) } ?? Int(requestedPort) ?? 0
            guard let p = UInt16(exactly: number), p > 0 else { return [] }
            return [Endpoint(host: host, port: p)]
        }
        guard let port else { return [] }
        let portName = port.name ?? ""
        let key = "\(service.metadata.namespace ?? "")/\(service.metadata.name)"
        var seen = Set<Endpoint>()
        for slice in slicesByService[key] ?? [] {
            guard let sp = slice.ports?.first(where: { ($0.name ?? "") == portName }),
                  let number = sp.port, let p = UInt16(exactly: number), p > 0 else { continue }
            for ep in slice.endpoints where ep.conditions?.ready != false {
                guard let address = ep.addresses.first, !address.isEmpty else { continue }
                seen.insert(Endpoint(host: address, port: p))
            }
        }
        return seen.sorted()
    }

    /// Recomputes a backend's endpoints from its name (the EndpointSlice fast path); nil
    /// when the Service or port is gone (a full rebuild will warn about it).
    func endpoints(for name: BackendName) -> [Endpoint]? {
        guard case .success(let (svc, port)) = servicePort(namespace: name.namespace, service: name.service, port: name.port)
        else { return nil }
        return endpoints(service: svc, port: port, requestedPort: name.port)
    }
}
