import KubeAPI
import Routing

/// Step 3 and 4 of the build: Ingress rules to routes per host, and their backends.
///
/// Routes are keyed by host and by (path type, path): the first Ingress to claim a key
/// (the oldest, since Ingresses arrive oldest first) keeps it and any later claimant gets a
/// `RouteConflict` warning. Paths whose backend cannot be resolved stay as routes with
/// `backend: nil`, so they answer 503 instead of falling through to another route.
struct RouteStep {
    /// Where a route lives.
    enum HostKey: Hashable {
        case exact(String)
        case wildcard(String)
        /// Rules without a host and default backends.
        case any
    }

    /// A backend as the routes need it: Service port plus the protocol spoken to it.
    struct BackendKey: Hashable, Comparable {
        var name: BackendName
        var upstreamProtocol: UpstreamProtocol
        /// HTTPS backends: `proxy-ssl-name` and the `proxy-ssl-secret` key (ns/name).
        var serverName: String? = nil
        var caSecret: String? = nil

        static func < (a: BackendKey, b: BackendKey) -> Bool {
            (a.name, a.upstreamProtocol.rawValue, a.serverName ?? "", a.caSecret ?? "")
                < (b.name, b.upstreamProtocol.rawValue, b.serverName ?? "", b.caSecret ?? "")
        }
    }

    /// A route before backend indices are known.
    struct Candidate {
        var match: PathMatch
        var backend: BackendKey?
        var source: ObjectRef
        var field: String
        var policies: RoutePolicies
    }

    /// A path type and value: two routes with the same key on one host conflict.
    struct MatchKey: Hashable {
        var type: String
        var value: String
    }

    let resolver: EndpointResolver
    private var hosts: [HostKey: [MatchKey: Candidate]] = [:]
    private var backends: [BackendKey: Backend] = [:]
    /// Backends whose Service's slices do not carry the port, to warn every path using them.
    private var endpointProblems: [BackendKey: EndpointResolver.Problem] = [:]
    private var hostNames: [HostKey: String] = [:]

    /// Secrets by `namespace/name`, for `proxy-ssl-secret` CA bundles.
    let secrets: [String: Secret]

    init(resolver: EndpointResolver, secrets: [String: Secret] = [:]) {
        self.resolver = resolver
        self.secrets = secrets
    }

    // MARK: - Rules

    mutating func addRules(of ingresses: [Ingress], warnings: inout [ConfigWarning]) {
        for ing in ingresses {
            let ref = ing.ref
            let ns = ing.metadata.namespace ?? ""
            let annotations = IngressAnnotations(ingress: ing, ref: ref, warnings: &warnings)
            for (i, rule) in (ing.spec.rules ?? []).enumerated() {
                let hostKey: HostKey
                if let raw = rule.host, !raw.isEmpty {
                    switch HostName.parse(raw) {
                    case .success(.exact(let name)): hostKey = .exact(name); hostNames[hostKey] = name
                    case .success(.wildcard(let suffix)): hostKey = .wildcard(suffix); hostNames[hostKey] = "*" + suffix
                    case .failure(let problem):
                        warnings.append(ConfigWarning(ref, "spec.rules[\(i)].host", .invalidHost,
                            problem.message + "; the rule is skipped"))
                        continue
                    }
                } else {
                    hostKey = .any
                }
                for (j, path) in (rule.http?.paths ?? []).enumerated() {
                    let field = "spec.rules[\(i)].http.paths[\(j)]"
                    let match: PathMatch
                    switch IngressPath.match(path: path.path, pathType: path.pathType, useRegex: annotations.useRegex) {
                    case .success(let m): match = m
                    case .failure(let problem):
                        warnings.append(ConfigWarning(ref, field, problem.reason, problem.message + "; the path is skipped"))
                        continue
                    }
                    let backend = resolve(path.backend, namespace: ns, protocol: annotations.backendProtocol, tls: annotations,
                                          ref: ref, field: field + ".backend", warnings: &warnings)
                    add(Candidate(match: match, backend: backend, source: ref, field: field,
                                  policies: annotations.policies),
                        to: hostKey, warnings: &warnings)
                }
            }
        }
    }

    /// `spec.defaultBackend` of each Ingress (oldest wins), then the controller-wide
    /// default backend, as a `/` prefix route of the catch-all host. Rules without a host
    /// that already claim `/` take precedence.
    mutating func addDefaultBackends(of ingresses: [Ingress], option: String?, warnings: inout [ConfigWarning]) {
        let root = MatchKey(type: "Prefix", value: "/")
        for ing in ingresses {
            guard let b = ing.spec.defaultBackend else { continue }
            let ref = ing.ref
            let annotations = IngressAnnotations(ingress: ing, ref: ref, warnings: &warnings)
            let backend = resolve(b, namespace: ing.metadata.namespace ?? "", protocol: annotations.backendProtocol, tls: annotations,
                                  ref: ref, field: "spec.defaultBackend", warnings: &warnings)
            add(Candidate(match: .prefix("/"), backend: backend, source: ref, field: "spec.defaultBackend",
                          policies: annotations.policies),
                to: .any, warnings: &warnings)
        }
        guard let option, hosts[.any]?[root] == nil else { return }
        let optionRef = ObjectRef(kind: "Option", namespace: "", name: "default-backend")
        guard let name = Self.parseBackendOption(option) else {
            warnings.append(ConfigWarning(optionRef, "--default-backend", .invalidOption,
                "\"\(option)\" is not namespace/service:port"))
            return
        }
        let key = BackendKey(name: name, upstreamProtocol: .http)
        var backend: BackendKey? = key
        if backends[key] == nil {
            switch resolver.servicePort(namespace: name.namespace, service: name.service, port: name.port) {
            case .success(let (svc, port)):
                backends[key] = Backend(name: name,
                                        endpoints: resolver.endpoints(service: svc, port: port, requestedPort: name.port))
            case .failure(let problem):
                warnings.append(ConfigWarning(optionRef, "--default-backend", problem.reason, problem.message))
                backend = nil
            }
        }
        hosts[.any, default: [:]][root] = Candidate(match: .prefix("/"), backend: backend, source: optionRef,
                                                   field: "--default-backend", policies: .init())
    }

    /// `namespace/service:port` to a backend name.
    static func parseBackendOption(_ s: String) -> BackendName? {
        guard let slash = s.firstIndex(of: "/"), let colon = s.lastIndex(of: ":"), slash < colon else { return nil }
        let ns = s[..<slash], svc = s[s.index(after: slash)..<colon], port = s[s.index(after: colon)...]
        guard !ns.isEmpty, !svc.isEmpty, !port.isEmpty else { return nil }
        return BackendName(namespace: String(ns), service: String(svc), port: String(port))
    }

    private mutating func add(_ c: Candidate, to host: HostKey, warnings: inout [ConfigWarning]) {
        let key = MatchKey(type: c.match.typeName, value: c.match.value)
        if let owner = hosts[host]?[key] {
            let hostText = hostNames[host] ?? "(any host)"
            let by = owner.source == c.source ? "an earlier path of this Ingress" : "\(owner.source) (older)"
            warnings.append(ConfigWarning(c.source, c.field, .routeConflict,
                "host \(hostText) path \(key.value) (\(key.type)) is already routed by \(by); this path is ignored"))
            return
        }
        hosts[host, default: [:]][key] = c
    }

    // MARK: - Backends

    private mutating func resolve(_ b: IngressBackend, namespace: String, protocol proto: UpstreamProtocol,
                                  tls: IngressAnnotations? = nil,
                                  ref: ObjectRef, field: String, warnings: inout [ConfigWarning]) -> BackendKey? {
        guard let svc = b.service else {
            let what = b.resource.map { "a resource backend (\($0.kind) \($0.name))" } ?? "a backend without a service"
            warnings.append(ConfigWarning(ref, field, .unsupportedBackend,
                "Portico serves only Service backends, not \(what); requests get 503"))
            return nil
        }
        let port: String
        if let n = svc.port?.number {
            port = String(n)
        } else if let name = svc.port?.name, !name.isEmpty {
            port = name
        } else {
            warnings.append(ConfigWarning(ref, field + ".service.port", .servicePortNotFound,
                "the backend names no port; set port.number or port.name; requests get 503"))
            return nil
        }
        var key = BackendKey(name: BackendName(namespace: namespace, service: svc.name, port: port),
                             upstreamProtocol: proto)
        if proto == .https, let tls {
            key.serverName = tls.proxySSLName
            key.caSecret = tls.proxySSLSecret
        }
        if backends[key] != nil {
            if let problem = endpointProblems[key] {
                warnings.append(ConfigWarning(ref, field + ".service.port", problem.reason, problem.message))
            }
            return key
        }
        switch resolver.servicePort(namespace: namespace, service: svc.name, port: port) {
        case .success(let (service, servicePort)):
            backends[key] = Backend(name: key.name,
                                    endpoints: resolver.endpoints(service: service, port: servicePort, requestedPort: port),
                                    upstreamProtocol: proto,
                                    settings: upstreamTLSSettings(key, ref: ref, warnings: &warnings))
            if let problem = resolver.slicePortProblem(service: service, port: servicePort) {
                endpointProblems[key] = problem
                warnings.append(ConfigWarning(ref, field + ".service.port", problem.reason, problem.message))
            }
            return key
        case .failure(let problem):
            let f = problem.reason == .serviceNotFound ? field + ".service.name" : field + ".service.port"
            warnings.append(ConfigWarning(ref, f, problem.reason, problem.message))
            return nil
        }
    }

    /// `proxy-ssl-name` and the `ca.crt` of `proxy-ssl-secret` for an HTTPS backend. A
    /// missing Secret or key warns, and the backend is verified by nothing (ingress-nginx's
    /// default): the connection stays encrypted, as without the annotation.
    private func upstreamTLSSettings(_ key: BackendKey, ref: ObjectRef, warnings: inout [ConfigWarning]) -> BackendSettings {
        var settings = BackendSettings(upstreamServerName: key.serverName)
        guard let secretKey = key.caSecret else { return settings }
        let field = "metadata.annotations[\(IngressAnnotations.prefix)proxy-ssl-secret]"
        guard let secret = secrets[secretKey] else {
            warnings.append(ConfigWarning(ref, field, .secretNotFound,
                "Secret \(secretKey) does not exist; the backend's certificate is not verified"))
            return settings
        }
        guard let ca = secret.value(forKey: "ca.crt"), ca.count > 0,
              String(decoding: ca, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            warnings.append(ConfigWarning(ref, field, .invalidCertificate,
                "Secret \(secretKey) has no PEM certificate under the key ca.crt; the backend's certificate is not verified"))
            return settings
        }
        settings.upstreamCAPEM = ca
        return settings
    }

    // MARK: - Assemble

    /// Sorts backends, indexes routes into them and orders every host's routes.
    func assemble(tls: TLSTable) -> RoutingSnapshot {
        let keys = backends.keys.sorted()
        var index: [BackendKey: Int] = [:]
        index.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { index[k] = i }
        var snapshot = RoutingSnapshot(backends: keys.map { backends[$0]! }, tls: tls)

        for (host, candidates) in hosts {
            let routes = candidates.values
                .map { Route(match: $0.match, backend: $0.backend.flatMap { index[$0] }, source: $0.source,
                             policies: $0.policies) }
                .sorted(by: Route.matchOrder)
            switch host {
            case .exact(let name):
                let secret = tls.exact[name]?.secret ?? tls.wildcard[Self.suffix(of: name)]?.secret
                snapshot.hosts[name] = VirtualHost(name: name, routes: routes, tlsSecret: secret)
            case .wildcard(let suffix):
                snapshot.wildcardHosts[suffix] = VirtualHost(name: "*" + suffix, routes: routes,
                                                             tlsSecret: tls.wildcard[suffix]?.secret)
            case .any:
                snapshot.defaultHost = VirtualHost(name: "*", routes: routes)
            }
        }
        return snapshot
    }

    private static func suffix(of name: String) -> String {
        guard let dot = name.firstIndex(of: ".") else { return "" }
        return String(name[dot...])
    }
}
