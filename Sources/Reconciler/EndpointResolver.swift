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
    /// A Service by namespace and name, hashed without building a `namespace/name` string.
    struct ServiceKey: Hashable {
        var namespace: String
        var name: String

        /// Parses `namespace/name`.
        init?(_ text: String) {
            guard let slash = text.firstIndex(of: "/") else { return nil }
            namespace = String(text[..<slash])
            name = String(text[text.index(after: slash)...])
        }

        init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
    }

    private let services: [String: Service]
    /// Slices grouped by Service, built once per build.
    private let slicesByService: [ServiceKey: [EndpointSlice]]

    /// - Parameter onlyServices: Services to index slices for; nil indexes all.
    init(state: ClusterState, onlyServices: Set<ServiceKey>? = nil) {
        services = state.services
        var index: [ServiceKey: [EndpointSlice]] = [:]
        for slice in state.endpointSlices.values {
            guard let svc = slice.serviceName else { continue }
            let key = ServiceKey(namespace: slice.metadata.namespace ?? "", name: svc)
            if let only = onlyServices, !only.contains(key) { continue }
            index[key, default: []].append(slice)
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
        let key = ServiceKey(namespace: service.metadata.namespace ?? "", name: service.metadata.name)
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

    /// When the Service has EndpointSlices but none names the port, why; nil otherwise
    /// (no slices yet is normal: the pods are not there).
    func slicePortProblem(service: Service, port: ServicePort?) -> Problem? {
        guard !service.spec.isExternalName, let port else { return nil }
        let key = ServiceKey(namespace: service.metadata.namespace ?? "", name: service.metadata.name)
        let slices = slicesByService[key] ?? []
        let portName = port.name ?? ""
        if slices.isEmpty || slices.contains(where: { $0.ports?.contains { ($0.name ?? "") == portName } ?? false }) {
            return nil
        }
        let names = Set(slices.flatMap { $0.ports ?? [] }.map { $0.name.map { "\"\($0)\"" } ?? "(unnamed)" }).sorted()
        return Problem(reason: .endpointPortNotFound,
            message: "the EndpointSlices of Service \"\(key.namespace)/\(key.name)\" carry no port named \"\(portName)\" (they have \(names.isEmpty ? "no ports" : names.joined(separator: ", "))); a slice port must have the Service port's name; requests get 503")
    }

    /// Recomputes a backend's endpoints from its name (the EndpointSlice fast path); nil
    /// when the Service or port is gone (a full rebuild will warn about it).
    func endpoints(for name: BackendName) -> [Endpoint]? {
        guard case .success(let (svc, port)) = servicePort(namespace: name.namespace, service: name.service, port: name.port)
        else { return nil }
        return endpoints(service: svc, port: port, requestedPort: name.port)
    }
}
