import KubeAPI
import Routing

/// The annotations Portico reads from an Ingress, parsed once per Ingress.
///
/// Each setting is read from `portico.io/NAME`, else from its ingress-nginx alias
/// `nginx.ingress.kubernetes.io/NAME` where the meaning is the same; an invalid value
/// warns (naming the annotation and the allowed values) and the default applies.
struct IngressAnnotations {
    static let prefix = "portico.io/"
    static let nginxPrefix = "nginx.ingress.kubernetes.io/"
    /// The legacy class annotation, read by the class filter.
    static let legacyClass = "kubernetes.io/ingress.class"

    /// `use-regex`: ImplementationSpecific paths are anchored regular expressions.
    var useRegex = false
    /// `ssl-redirect`: plain-HTTP requests to a TLS host get a 308 to HTTPS.
    var sslRedirect = true
    /// `backend-protocol`: HTTP or HTTPS to the endpoints.
    var backendProtocol = UpstreamProtocol.http
    /// `hsts`, `hsts-max-age`, `hsts-include-subdomains`, `hsts-preload` (Portico only).
    var hsts: HSTSPolicy?
    /// `proxy-ssl-name`: the SNI name (and the name verified) for HTTPS backends.
    var proxySSLName: String?
    /// `proxy-ssl-secret`: `namespace/name` (or `name` in the Ingress's namespace) of a
    /// Secret whose `ca.crt` verifies HTTPS backends.
    var proxySSLSecret: String?

    /// Names Portico reads (without prefix), with whether ingress-nginx has the same meaning.
    static let known: [String: Bool] = [
        "use-regex": true, "ssl-redirect": true, "backend-protocol": true,
        "hsts": false, "hsts-max-age": false, "hsts-include-subdomains": false, "hsts-preload": false,
        "proxy-ssl-name": true, "proxy-ssl-secret": true,
    ]

    /// ingress-nginx annotations users commonly carry over that Portico does not implement.
    static let unsupportedNginx: Set<String> = [
        "rewrite-target", "app-root", "configuration-snippet", "server-snippet",
        "auth-url", "auth-signin", "auth-type", "auth-secret", "whitelist-source-range",
        "permanent-redirect", "temporal-redirect", "force-ssl-redirect", "proxy-body-size",
        "enable-cors", "limit-rps", "limit-connections", "affinity", "canary",
        "upstream-vhost", "proxy-read-timeout", "proxy-send-timeout", "proxy-connect-timeout",
    ]

    init(ingress: Ingress, ref: ObjectRef, warnings: inout [ConfigWarning]) {
        let annotations = ingress.metadata.annotations ?? [:]
        func value(_ name: String) -> (key: String, value: String)? {
            if let v = annotations[Self.prefix + name] { return (Self.prefix + name, v) }
            if Self.known[name] == true, let v = annotations[Self.nginxPrefix + name] {
                return (Self.nginxPrefix + name, v)
            }
            return nil
        }
        func invalid(_ key: String, _ v: String, _ allowed: String) {
            warnings.append(ConfigWarning(ref, "metadata.annotations[\(key)]", .invalidAnnotation,
                "value \"\(v)\" is not allowed; use \(allowed); the default applies"))
        }
        func bool(_ name: String, default d: Bool) -> Bool {
            guard let (k, v) = value(name) else { return d }
            switch v.lowercased() {
            case "true": return true
            case "false": return false
            default: invalid(k, v, "\"true\" or \"false\""); return d
            }
        }

        useRegex = bool("use-regex", default: false)
        sslRedirect = bool("ssl-redirect", default: true)
        if let (k, v) = value("backend-protocol") {
            switch v.uppercased() {
            case "HTTP": backendProtocol = .http
            case "HTTPS": backendProtocol = .https
            default: invalid(k, v, "\"HTTP\" or \"HTTPS\"")
            }
        }
        if bool("hsts", default: false) {
            var maxAge = 31_536_000
            if let (k, v) = value("hsts-max-age") {
                if let n = Int(v), n >= 0 { maxAge = n } else { invalid(k, v, "a number of seconds (0 or more)") }
            }
            hsts = HSTSPolicy(maxAge: maxAge,
                              includeSubDomains: bool("hsts-include-subdomains", default: false),
                              preload: bool("hsts-preload", default: false))
        }

        if let (k, v) = value("proxy-ssl-name") {
            // RFC 6066 §3: a DNS host name (no IP literal, no port, no spaces).
            let ok = !v.isEmpty && v.count <= 253 && v.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
                && v.contains { $0.isLetter }
            if ok { proxySSLName = v.lowercased() } else { invalid(k, v, "a DNS name such as api.internal.example.com") }
        }
        if let (k, v) = value("proxy-ssl-secret") {
            let parts = v.split(separator: "/", omittingEmptySubsequences: false)
            switch parts.count {
            case 1 where !v.isEmpty: proxySSLSecret = "\(ingress.metadata.namespace ?? "")/\(v)"
            case 2 where !parts[0].isEmpty && !parts[1].isEmpty: proxySSLSecret = v
            default: invalid(k, v, "a Secret as namespace/name or name")
            }
        }

        for key in annotations.keys.sorted() {
            if key.hasPrefix(Self.prefix) {
                let name = String(key.dropFirst(Self.prefix.count))
                if Self.known[name] == nil {
                    warnings.append(ConfigWarning(ref, "metadata.annotations[\(key)]", .unsupportedAnnotation,
                        "Portico does not know this annotation; it has no effect (known: \(Self.known.keys.sorted().joined(separator: ", ")))"))
                }
            } else if key.hasPrefix(Self.nginxPrefix) {
                let name = String(key.dropFirst(Self.nginxPrefix.count))
                if Self.unsupportedNginx.contains(name) {
                    warnings.append(ConfigWarning(ref, "metadata.annotations[\(key)]", .unsupportedAnnotation,
                        "this ingress-nginx annotation is not implemented by Portico; it has no effect"))
                }
            }
        }
    }

    /// The route policies these annotations give.
    var policies: RoutePolicies { RoutePolicies(sslRedirect: sslRedirect, hsts: hsts) }
}
