internal import COpenSSL

/// Policy for TLS to upstream endpoints (`portico.io/backend-protocol: HTTPS`).
public struct TLSClientConfiguration: Sendable, Hashable {
    /// PEM CA bundle to verify the endpoints with (`Backend.settings.upstreamCAPEM`).
    /// nil turns verification off, like ingress-nginx's default `proxy-ssl-verify off`:
    /// in-cluster backends usually present self-signed certificates, and the hop is
    /// encrypted either way. With a bundle, the chain must lead to one of its CAs and the
    /// certificate must name the session's server name (RFC 6125; IP SANs for IP literals);
    /// a session created without a server name only gets the chain checked.
    public var trustedCAPEM: [UInt8]?
    /// Oldest version offered; default TLS 1.2.
    public var minimumVersion: TLSVersion
    /// Newest version offered; default TLS 1.3.
    public var maximumVersion: TLSVersion
    /// ALPN protocols offered; default `http/1.1`. Empty sends no ALPN extension.
    public var alpnProtocols: [String]

    public init(trustedCAPEM: [UInt8]? = nil, minimumVersion: TLSVersion = .tls1_2,
                maximumVersion: TLSVersion = .tls1_3, alpnProtocols: [String] = ["http/1.1"]) {
        self.trustedCAPEM = trustedCAPEM
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.alpnProtocols = alpnProtocols
    }
}

/// A configured client `SSL_CTX`, shared by every upstream connection to one kind of backend.
///
/// Build one per distinct configuration (e.g. per CA bundle) and reuse it: loading a CA
/// bundle costs far more than a handshake. Sendable for the same reason as the server
/// context: OpenSSL contexts are safe to share once configured.
public final class TLSClientContext: Sendable {
    /// The configuration it was built from.
    public let configuration: TLSClientConfiguration
    /// Handshake counters for upstream connections.
    public let metrics: TLSMetrics
    let context: SSLContextHandle

    /// Throws when the CA bundle holds no certificate or the versions are unusable.
    public init(configuration: TLSClientConfiguration = TLSClientConfiguration(),
                metrics: TLSMetrics = TLSMetrics()) throws(TLSError) {
        self.configuration = configuration
        self.metrics = metrics
        OpenSSLErrorQueue.clear()
        guard let raw = SSL_CTX_new(TLS_client_method()) else {
            throw OpenSSLErrorQueue.drain(fallback: "SSL_CTX_new failed")
        }
        context = SSLContextHandle(taking: raw)
        SSL_CTX_set_options(raw, portico_SSL_OP_NO_RENEGOTIATION() | portico_SSL_OP_NO_COMPRESSION())
        if configuration.maximumVersion < .tls1_2 {
            // OpenSSL 3 only speaks TLS 1.0/1.1 at security level 0 (SHA-1 in the handshake).
            // Kept so tests (and only tests, in practice) can play an outdated client.
            SSL_CTX_set_security_level(raw, 0)
        }
        guard portico_SSL_CTX_set_min_proto_version(raw, configuration.minimumVersion.openSSLValue) == 1,
              portico_SSL_CTX_set_max_proto_version(raw, configuration.maximumVersion.openSSLValue) == 1 else {
            throw OpenSSLErrorQueue.drain(fallback: "protocol version range refused")
        }
        _ = portico_SSL_CTX_set_mode(raw, Int(SSL_MODE_RELEASE_BUFFERS))
        let alpn = ALPNWire.encode(configuration.alpnProtocols)
        if !alpn.isEmpty {
            // Note: SSL_CTX_set_alpn_protos returns 0 on success.
            guard SSL_CTX_set_alpn_protos(raw, alpn, UInt32(alpn.count)) == 0 else {
                throw OpenSSLErrorQueue.drain(fallback: "ALPN list refused")
            }
        }
        if let bundle = configuration.trustedCAPEM {
            guard case .success(let cas) = PEM.certificates(bundle) else {
                throw TLSError(reason: .unknownCA, message: "the upstream CA bundle holds no PEM certificate")
            }
            let store = SSL_CTX_get_cert_store(raw)
            for ca in cas where X509_STORE_add_cert(store, ca.pointer) != 1 {
                OpenSSLErrorQueue.clear()  // duplicates in a bundle are harmless
            }
            SSL_CTX_set_verify(raw, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(raw, SSL_VERIFY_NONE, nil)
        }
    }

    /// True when endpoints are verified against a CA bundle.
    public var verifiesPeer: Bool { configuration.trustedCAPEM != nil }
}

/// A session to resume a later upstream connection with (TLS 1.3 PSK or a 1.2 ticket).
///
/// `@unchecked Sendable`: an `SSL_SESSION` is refcounted and not modified once the
/// handshake that produced it is over; OpenSSL allows sharing it between connections and
/// threads (that is what its client session cache does).
public final class TLSResumptionTicket: @unchecked Sendable {
    let pointer: OpaquePointer
    init(taking pointer: OpaquePointer) { self.pointer = pointer }
    deinit { SSL_SESSION_free(pointer) }

    /// The opaque ticket bytes the server issued (tests compare them to see a re-issue).
    var ticketBytes: [UInt8] {
        var tick: UnsafePointer<UInt8>?
        var length = 0
        SSL_SESSION_get0_ticket(pointer, &tick, &length)
        guard let tick else { return [] }
        return Array(UnsafeBufferPointer(start: tick, count: length))
    }
}
