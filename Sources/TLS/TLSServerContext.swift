import Routing
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A certificate that failed to load, and what was served instead.
public struct TLSCertificateLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The Secret the certificate came from.
    public var secret: ObjectRef
    /// The table entries (`example.com`, `*.example.com`, `(default)`) it was meant for.
    public var serverNames: [String]
    /// Why it was refused.
    public var error: TLSCertificateError
    /// True when the previous certificate for those names is still served.
    public var keptPrevious: Bool

    public var description: String {
        "\(secret) for \(serverNames.joined(separator: ", ")): \(error)"
            + (keptPrevious ? "; still serving the previous certificate" : "; serving the default certificate")
    }
}

/// A certificate being served, for the expiry gauge.
public struct TLSServedCertificate: Hashable, Sendable {
    /// The Secret; nil for the generated self-signed default.
    public var secret: ObjectRef?
    /// Table entries served with it, sorted (`*.example.com`, `(default)`, ...).
    public var serverNames: [String]
    /// Leaf expiry, seconds since the Unix epoch.
    public var notAfter: Int64
}

/// Terminates TLS for all listeners and loops: policy, certificates by SNI, rotation, tickets.
///
/// Shared by every loop thread (Sendable). Each certificate gets its own `SSL_CTX`; a new
/// connection's `SSL*` starts on the default context and the SNI callback moves it to the
/// chosen one with `SSL_set_SSL_CTX` (what nginx does). `SSL_CTX` is refcounted and
/// thread-safe once configured, so swapping the selection under a lock is all a rotation
/// needs: sessions hold their own references to the contexts they use.
///
/// OCSP stapling is a seam: `ocspRequests()` lists what to fetch (the HTTP client lives
/// elsewhere), `installOCSPResponse(_:for:now:)` checks and staples the answer.
///
/// ```swift
/// let tls = try TLSServerContext(table: snapshot.tls)
/// store.onPublish { snapshot in
///     for problem in tls.update(table: snapshot.tls) { log.warning("\(problem)") }
/// }
/// // per accepted connection, on its loop thread:
/// let session = try TLSServerSession(context: tls)
/// ```
public final class TLSServerContext: Sendable {
    struct State {
        var selection: CertificateSelection
        /// Loaded contexts by certificate content: an unchanged Secret is never reloaded.
        var cache: [CertificateContentKey: LoadedCertificate]
        var selfSigned: LoadedCertificate?
        var lastErrors: [TLSCertificateLoadError]
        /// The table last applied, so a snapshot that only changed endpoints costs one compare
        /// (usually O(1): unchanged snapshots share the table's array storage).
        var appliedTable: TLSTable?
    }

    /// The protocol policy every certificate context shares.
    public let configuration: TLSServerConfiguration
    /// Handshake counters, for Telemetry.
    public let metrics: TLSMetrics
    let policy: ServerPolicy
    private let state: Mutex<State>
    /// Serializes `update(table:)` calls; the handshake path only takes `state`.
    private let updateLock = Mutex(())

    /// Loads the table's certificates. Certificates that fail to load are reported by
    /// `lastLoadErrors` and their names fall back to the default. A self-signed P-256
    /// certificate for `configuration.fallbackCommonName` is generated here, once, and is
    /// the default whenever the table has none (or its default never loaded).
    ///
    /// Throws only when the policy itself is unusable (unknown cipher string or group).
    public init(table: TLSTable = TLSTable(),
                configuration: TLSServerConfiguration = TLSServerConfiguration(),
                metrics: TLSMetrics = TLSMetrics()) throws(TLSError) {
        self.configuration = configuration
        self.metrics = metrics
        let policy = ServerPolicy(configuration: configuration)
        self.policy = policy
        _ = try ServerContextFactory.makeConfigured(policy: policy)
        let selfSigned = try Self.makeSelfSigned(policy: policy)
        let empty = CertificateSelection(exact: [:], wildcard: [:], fallback: selfSigned, policy: policy)
        state = Mutex(State(selection: empty, cache: [:], selfSigned: selfSigned, lastErrors: [], appliedTable: nil))
        _ = update(table: table)
    }

    /// The errors of the most recent `init` / `update(table:)`.
    public var lastLoadErrors: [TLSCertificateLoadError] { state.withLock { $0.lastErrors } }

    /// Forces a session-ticket key rotation (they also rotate on their own schedule).
    public func rotateTicketKeys() { policy.keyRing.rotate() }

    /// Applies a new table: call it on every snapshot publish (an unchanged table returns at
    /// once with the previous errors). Loads only certificates whose PEM changed, keeps the previous
    /// certificate for any name whose new one fails to load, then swaps atomically.
    /// Handshakes already started finish with the old certificates; new ones use the new.
    ///
    /// - Returns: the certificates that could not be loaded (also in `lastLoadErrors`).
    @discardableResult
    public func update(table: TLSTable) -> [TLSCertificateLoadError] {
        updateLock.withLock { _ in
            let old = state.withLock { $0 }
            if old.appliedTable == table { return old.lastErrors }
            var cache: [CertificateContentKey: LoadedCertificate] = [:]
            var failed: [CertificateContentKey: TLSCertificateError] = [:]
            var errorsBySecret: [CertificateContentKey: (TLSCertificate, [String], Bool)] = [:]

            // Loads (or reuses) a certificate; on failure keeps `previous` if there is one.
            func load(_ certificate: TLSCertificate, entry: String, previous: LoadedCertificate?) -> LoadedCertificate? {
                let key = CertificateContentKey(certificatePEM: certificate.certificatePEM,
                                                privateKeyPEM: certificate.privateKeyPEM)
                if let loaded = cache[key] ?? old.cache[key] {
                    cache[key] = loaded
                    return loaded
                }
                if failed[key] == nil {
                    switch ServerContextFactory.make(policy: policy, certificatePEM: certificate.certificatePEM,
                                                     privateKeyPEM: certificate.privateKeyPEM) {
                    case .success(let context):
                        let loaded = LoadedCertificate(context: context, key: key, secret: certificate.secret,
                                                       notAfter: certificate.notAfter)
                        cache[key] = loaded
                        return loaded
                    case .failure(let error):
                        failed[key] = error
                    }
                }
                var report = errorsBySecret[key] ?? (certificate, [], true)
                report.1.append(entry)
                report.2 = report.2 && previous != nil
                errorsBySecret[key] = report
                if let previous { cache[previous.key] = previous }
                return previous
            }

            var exact: [String: LoadedCertificate] = [:]
            for (name, certificate) in table.exact.sorted(by: { $0.key < $1.key }) {
                let host = name.lowercased()
                if let loaded = load(certificate, entry: host, previous: old.selection.exact[host]) {
                    exact[host] = loaded
                }
            }
            var wildcard: [String: LoadedCertificate] = [:]
            for (suffix, certificate) in table.wildcard.sorted(by: { $0.key < $1.key }) {
                let s = suffix.lowercased()
                if let loaded = load(certificate, entry: "*\(s)", previous: old.selection.wildcard[s]) {
                    wildcard[s] = loaded
                }
            }
            var fallback = old.selfSigned ?? old.selection.fallback
            if let certificate = table.defaultCertificate {
                let previous = old.selection.fallback.secret == nil ? nil : old.selection.fallback
                if let loaded = load(certificate, entry: "(default)", previous: previous) { fallback = loaded }
            }
            let errors = errorsBySecret.values
                .map { TLSCertificateLoadError(secret: $0.0.secret, serverNames: $0.1, error: failed[
                    CertificateContentKey(certificatePEM: $0.0.certificatePEM, privateKeyPEM: $0.0.privateKeyPEM)]!,
                                               keptPrevious: $0.2) }
                .sorted { ($0.secret, $0.serverNames.first ?? "") < ($1.secret, $1.serverNames.first ?? "") }
            let selection = CertificateSelection(exact: exact, wildcard: wildcard, fallback: fallback, policy: policy)
            state.withLock { s in
                s.selection = selection
                s.cache = cache
                s.lastErrors = errors
                s.appliedTable = table
            }
            return errors
        }
    }

    /// The selection new sessions start with.
    func currentSelection() -> CertificateSelection { state.withLock { $0.selection } }

    /// Every certificate now served, with its names and expiry (for a notAfter gauge per Secret).
    public func servedCertificates() -> [TLSServedCertificate] {
        let selection = currentSelection()
        var byKey: [CertificateContentKey: TLSServedCertificate] = [:]
        func add(_ c: LoadedCertificate, _ name: String) {
            byKey[c.key, default: TLSServedCertificate(secret: c.secret, serverNames: [], notAfter: c.notAfter)]
                .serverNames.append(name)
        }
        for (name, c) in selection.exact { add(c, name) }
        for (suffix, c) in selection.wildcard { add(c, "*\(suffix)") }
        add(selection.fallback, "(default)")
        return byKey.values.map { var s = $0; s.serverNames.sort(); return s }
            .sorted { ($0.secret?.description ?? "", $0.serverNames.first ?? "")
                < ($1.secret?.description ?? "", $1.serverNames.first ?? "") }
    }

    private static func makeSelfSigned(policy: ServerPolicy) throws(TLSError) -> LoadedCertificate {
        let generated = try SelfSignedCertificate.generate(commonName: policy.configuration.fallbackCommonName)
        switch ServerContextFactory.make(policy: policy, certificatePEM: generated.certificatePEM,
                                         privateKeyPEM: generated.privateKeyPEM) {
        case .success(let context):
            return LoadedCertificate(context: context,
                                     key: CertificateContentKey(certificatePEM: generated.certificatePEM,
                                                                privateKeyPEM: generated.privateKeyPEM),
                                     secret: nil, notAfter: generated.notAfter)
        case .failure(let error):
            throw TLSError(reason: .other, message: "the generated self-signed certificate did not load: \(error)")
        }
    }
}
