/// The certificates one generation of the TLS table serves, already loaded into `SSL_CTX`s.
///
/// Immutable: `TLSServerContext.update(table:)` builds a new one and swaps it in. A session
/// keeps the selection it started with, so its SNI answer cannot change mid-handshake.
final class CertificateSelection: Sendable {
    /// Lowercased exact names.
    let exact: [String: LoadedCertificate]
    /// Wildcard suffixes (`.example.com` for `*.example.com`), one label deep.
    let wildcard: [String: LoadedCertificate]
    /// For clients without SNI or with a name we do not serve.
    let fallback: LoadedCertificate
    let policy: ServerPolicy

    init(exact: [String: LoadedCertificate], wildcard: [String: LoadedCertificate],
         fallback: LoadedCertificate, policy: ServerPolicy) {
        self.exact = exact
        self.wildcard = wildcard
        self.fallback = fallback
        self.policy = policy
    }

    /// Exact name, then one-label wildcard, then the default (same rule as `TLSTable`).
    func certificate(forServerName name: String?) -> LoadedCertificate {
        guard let name, !name.isEmpty else { return fallback }
        let host = name.lowercased()
        if let c = exact[host] { return c }
        if let dot = host.firstIndex(of: "."), let c = wildcard[String(host[dot...])] { return c }
        return fallback
    }
}
