/// Validation of `spec.rules[].host` and `spec.tls[].hosts[]` as the Ingress API defines
/// them: a lowercase DNS-1123 subdomain, optionally prefixed by `*.` (one label wildcard);
/// never an IP address.
enum HostName {
    /// What a valid host turned into.
    enum Parsed: Equatable {
        /// An exact, lowercased name.
        case exact(String)
        /// A wildcard; the suffix keeps its leading dot, e.g. `.example.com`.
        case wildcard(suffix: String)
    }

    /// Parses a host or returns a sentence saying why it is not allowed.
    static func parse(_ raw: String) -> Result<Parsed, HostProblem> {
        let host = raw.lowercased()
        if host.isEmpty { return .failure(HostProblem("host must not be empty")) }
        if isIPAddress(host) {
            return .failure(HostProblem("host \"\(raw)\" is an IP address; the Ingress API allows DNS names only"))
        }
        if host.hasPrefix("*.") {
            let rest = host.dropFirst(2)
            if let problem = subdomainProblem(rest) {
                return .failure(HostProblem("wildcard host \"\(raw)\": \(problem)"))
            }
            return .success(.wildcard(suffix: String(host.dropFirst(1))))
        }
        if host.contains("*") {
            return .failure(HostProblem(
                "host \"\(raw)\" has a misplaced \"*\"; a wildcard must be the whole first label, as in \"*.example.com\""))
        }
        if let problem = subdomainProblem(Substring(host)) {
            return .failure(HostProblem("host \"\(raw)\": \(problem)"))
        }
        return .success(.exact(host))
    }

    /// Why a name is not a DNS-1123 subdomain (RFC 1123 section 2.1), or nil when it is.
    private static func subdomainProblem(_ name: Substring) -> String? {
        if name.utf8.count > 253 { return "longer than 253 characters" }
        if name.isEmpty { return "empty name" }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            if bytes.isEmpty { return "empty label (two dots, or a leading or trailing dot)" }
            if bytes.count > 63 { return "label \"\(label)\" is longer than 63 characters" }
            for b in bytes {
                let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
                if !ok {
                    return "label \"\(label)\" may contain only a-z, 0-9 and \"-\""
                }
            }
            if bytes.first == 0x2D || bytes.last == 0x2D {
                return "label \"\(label)\" must start and end with a letter or digit"
            }
        }
        return nil
    }

    /// IPv4 dotted quads and anything with a colon (IPv6) count as IP addresses.
    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") || host.hasPrefix("[") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber)
        }
    }
}

/// Why a host is not allowed.
struct HostProblem: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
