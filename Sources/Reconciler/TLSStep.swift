import KubeAPI
import Routing

/// Step 2 of the build: `spec.tls` of the selected Ingresses to the SNI certificate table.
///
/// Secrets live in the Ingress's namespace. A missing or unusable Secret warns and the
/// host falls back to the default certificate (no entry; its virtual host gets no
/// `tlsSecret`, so plain HTTP is not redirected to a certificate the client would refuse).
/// When two Ingresses name different Secrets for one host, the oldest Ingress wins.
struct TLSStep {
    let state: ClusterState
    let options: SnapshotBuilderOptions
    /// Secret key to its checked certificate, so each Secret is validated once per build.
    private var checked: [String: Result<TLSCertificate, CertificateProblem>] = [:]

    init(state: ClusterState, options: SnapshotBuilderOptions) {
        self.state = state
        self.options = options
    }

    mutating func run(_ ingresses: [Ingress], warnings: inout [ConfigWarning]) -> TLSTable {
        var table = TLSTable()
        var owner: [String: ObjectRef] = [:]  // host as written (lowercased) to the Secret serving it
        for ing in ingresses {
            let ns = ing.metadata.namespace ?? ""
            for (i, tls) in (ing.spec.tls ?? []).enumerated() {
                // A tls entry without a Secret asks for the default certificate.
                guard let secretName = tls.secretName, !secretName.isEmpty else { continue }
                let field = "spec.tls[\(i)].secretName"
                let certificate: TLSCertificate
                switch load(namespace: ns, name: secretName) {
                case .success(let c): certificate = c
                case .failure(let problem):
                    let missing = state.secrets["\(ns)/\(secretName)"] == nil
                    warnings.append(ConfigWarning(ing.ref, field, missing ? .secretNotFound : .invalidCertificate,
                        "\(problem.message); its hosts get the default certificate"))
                    continue
                }
                var hosts = tls.hosts ?? []
                if hosts.isEmpty { hosts = (ing.spec.rules ?? []).compactMap(\.host) }
                for (j, raw) in hosts.enumerated() {
                    let parsed: HostName.Parsed
                    switch HostName.parse(raw) {
                    case .success(let p): parsed = p
                    case .failure(let problem):
                        warnings.append(ConfigWarning(ing.ref, "spec.tls[\(i)].hosts[\(j)]", .invalidHost, problem.message))
                        continue
                    }
                    let key = raw.lowercased()
                    if let existing = owner[key] {
                        if existing != certificate.secret {
                            warnings.append(ConfigWarning(ing.ref, "spec.tls[\(i)].hosts[\(j)]", .tlsConflict,
                                "host \"\(key)\" already uses Secret \(existing.namespace)/\(existing.name) from an older Ingress; this Secret is ignored for it"))
                        }
                        continue
                    }
                    owner[key] = certificate.secret
                    switch parsed {
                    case .exact(let name): table.exact[name] = certificate
                    case .wildcard(let suffix): table.wildcard[suffix] = certificate
                    }
                }
            }
        }
        if let option = options.defaultCertificateSecret {
            let parts = option.split(separator: "/", omittingEmptySubsequences: false)
            let ref = ObjectRef(kind: "Secret", namespace: parts.count == 2 ? String(parts[0]) : "",
                                name: String(parts.last ?? ""))
            if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty {
                warnings.append(ConfigWarning(ref, "--default-certificate", .invalidOption,
                    "\"\(option)\" is not namespace/name"))
            } else {
                switch load(namespace: ref.namespace, name: ref.name) {
                case .success(let c): table.defaultCertificate = c
                case .failure(let problem):
                    let missing = state.secrets["\(ref.namespace)/\(ref.name)"] == nil
                    warnings.append(ConfigWarning(ref, "--default-certificate", missing ? .secretNotFound : .invalidCertificate,
                        "\(problem.message); the listener's built-in certificate is served instead"))
                }
            }
        }
        return table
    }

    /// Loads and validates a Secret once.
    private mutating func load(namespace: String, name: String) -> Result<TLSCertificate, CertificateProblem> {
        let key = "\(namespace)/\(name)"
        if let hit = checked[key] { return hit }
        let result = Self.certificate(from: state.secrets[key], namespace: namespace, name: name, options: options)
        checked[key] = result
        return result
    }

    static func certificate(from secret: Secret?, namespace: String, name: String,
                            options: SnapshotBuilderOptions) -> Result<TLSCertificate, CertificateProblem> {
        guard let secret else {
            return .failure(CertificateProblem("Secret \"\(namespace)/\(name)\" does not exist"))
        }
        let typeNote = secret.type == Secret.tlsType ? "" : " (type is \"\(secret.type ?? "Opaque")\"; expected \"\(Secret.tlsType)\")"
        guard let cert = secret.value(forKey: "tls.crt"), !cert.isEmpty else {
            return .failure(CertificateProblem("Secret \"\(namespace)/\(name)\" has no tls.crt\(typeNote)"))
        }
        guard let key = secret.value(forKey: "tls.key"), !key.isEmpty else {
            return .failure(CertificateProblem("Secret \"\(namespace)/\(name)\" has no tls.key\(typeNote)"))
        }
        let notAfter: Int64
        if let validate = options.certificateValidator {
            switch validate(cert, key) {
            case .success(let t): notAfter = t
            case .failure(let p):
                return .failure(CertificateProblem("Secret \"\(namespace)/\(name)\": \(p.message)"))
            }
        } else {
            guard contains(cert, "-----BEGIN CERTIFICATE-----") else {
                return .failure(CertificateProblem("Secret \"\(namespace)/\(name)\": tls.crt is not a PEM certificate"))
            }
            guard contains(key, "PRIVATE KEY-----") else {
                return .failure(CertificateProblem("Secret \"\(namespace)/\(name)\": tls.key is not a PEM private key"))
            }
            notAfter = Int64.max
        }
        if notAfter <= options.now {
            return .failure(CertificateProblem(
                "Secret \"\(namespace)/\(name)\": the certificate expired at \(RFC3339.format(notAfter))"))
        }
        return .success(TLSCertificate(secret: ObjectRef(kind: "Secret", namespace: namespace, name: name),
                                       certificatePEM: cert, privateKeyPEM: key, notAfter: notAfter))
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        for i in 0...(bytes.count - n.count) where bytes[i] == n[0] && Array(bytes[i..<(i + n.count)]) == n {
            return true
        }
        return false
    }
}

/// Formats Unix times as RFC 3339 UTC text without Foundation (Reconciler stays pure).
enum RFC3339 {
    /// e.g. `2026-12-02T02:36:00Z`; days-to-civil from Howard Hinnant's date algorithms.
    static func format(_ raw: Int64) -> String {
        // Clamp to years -9999...9999 so arithmetic cannot overflow on absurd input.
        let seconds = min(max(raw, -377_705_116_800), 253_402_300_799)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secs = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }
}
