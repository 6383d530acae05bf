import KubeAPI
import Routing

/// What `portico check DIR` prints: the routing table as aligned text, every warning and
/// load error, and whether the configuration has errors (exit status).
public struct RoutingTableReport: Sendable {
    /// One line of the table: a route of a virtual host.
    public struct Row: Hashable, Sendable {
        public var host: String
        public var path: String
        public var type: String
        /// `namespace/service:port`, or `(none: 503)` when the route has no usable backend.
        public var backend: String
        /// `host:port` of each ready endpoint.
        public var endpoints: [String]
        /// `namespace/name` of the host's TLS Secret, or `-`.
        public var tls: String

        public init(host: String, path: String, type: String, backend: String, endpoints: [String], tls: String) {
            self.host = host
            self.path = path
            self.type = type
            self.backend = backend
            self.endpoints = endpoints
            self.tls = tls
        }
    }

    public var snapshot: RoutingSnapshot
    public var warnings: [ConfigWarning]
    public var loadErrors: [ManifestError]

    public init(snapshot: RoutingSnapshot, warnings: [ConfigWarning], loadErrors: [ManifestError] = []) {
        self.snapshot = snapshot
        self.warnings = warnings
        self.loadErrors = loadErrors
    }

    /// True when a file failed to load or a warning means some route is broken (a
    /// dropped host or path, a 503 backend, a missing certificate); annotation notes are
    /// not errors.
    public var hasErrors: Bool {
        !loadErrors.isEmpty || warnings.contains { $0.isBreaking }
    }

    /// The table rows: exact hosts, then wildcards, then the catch-all; routes in match order.
    public var rows: [Row] {
        var hosts = snapshot.hosts.keys.sorted().compactMap { snapshot.hosts[$0] }
        hosts += snapshot.wildcardHosts.keys.sorted().compactMap { snapshot.wildcardHosts[$0] }
        if let d = snapshot.defaultHost { hosts.append(d) }
        var rows: [Row] = []
        for vh in hosts {
            let tls = vh.tlsSecret.map { "\($0.namespace)/\($0.name)" } ?? "-"
            for r in vh.routes {
                let backend = r.backend.flatMap { $0 < snapshot.backends.count ? snapshot.backends[$0] : nil }
                var name = backend.map { $0.name.description } ?? "(none: 503)"
                if backend?.upstreamProtocol == .https { name += " (HTTPS)" }
                rows.append(Row(host: vh.name, path: r.match.value, type: r.match.typeName, backend: name,
                                endpoints: backend?.endpoints.map(\.description) ?? [], tls: tls))
            }
        }
        return rows
    }

    /// The report as text for a terminal.
    public func renderText(maxEndpointsShown: Int = 3) -> String {
        let header = ["HOST", "PATH", "TYPE", "BACKEND", "ENDPOINTS", "TLS"]
        let body = rows.map { r -> [String] in
            var eps = r.endpoints.prefix(maxEndpointsShown).joined(separator: ",")
            if r.endpoints.isEmpty { eps = "(none)" }
            if r.endpoints.count > maxEndpointsShown { eps += " +\(r.endpoints.count - maxEndpointsShown) more" }
            return [r.host, r.path, r.type, r.backend, eps, r.tls]
        }
        var widths = header.map(\.count)
        for line in body { for (i, c) in line.enumerated() { widths[i] = max(widths[i], c.count) } }
        func format(_ cells: [String]) -> String {
            var s = ""
            for (i, c) in cells.enumerated() {
                s += i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2)
            }
            return s + "\n"
        }
        var out = format(header)
        if body.isEmpty { out += "(no routes)\n" }
        for line in body { out += format(line) }
        if !loadErrors.isEmpty {
            out += "\nLoad errors (\(loadErrors.count)):\n"
            for e in loadErrors { out += "  \(e)\n" }
        }
        if !warnings.isEmpty {
            out += "\nWarnings (\(warnings.count)):\n"
            for w in warnings { out += "  \(w.isBreaking ? "error" : "note"): \(w)\n" }
        }
        let errors = loadErrors.count + warnings.filter(\.isBreaking).count
        out += errors == 0 ? "\nOK: \(body.count) routes\n" : "\nFAILED: \(errors) error(s), \(body.count) routes\n"
        return out
    }
}
