/// Protocol policy for TLS termination; every field has a documented default.
public struct TLSServerConfiguration: Sendable, Hashable {
    /// Mozilla's "intermediate" TLS 1.2 suites (ssl-config.mozilla.org, guidelines v5.7):
    /// forward secrecy and AEAD only. TLS 1.3 suites are OpenSSL's defaults (all three are fine).
    public static let mozillaIntermediateCiphers =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"

    /// Oldest version accepted: `.tls1_2` (default) or `.tls1_3`. Anything older is raised to
    /// TLS 1.2: RFC 8996 deprecates TLS 1.0 and 1.1. The newest is always TLS 1.3.
    public var minimumVersion: TLSVersion
    /// OpenSSL cipher string for TLS 1.2 (TLS 1.3 suites are not affected).
    public var tls12Ciphers: String
    /// Choose the cipher in our order, not the client's. Mozilla "intermediate" leaves this off
    /// because every listed suite is strong; we keep it on so AES-GCM wins on AES-NI servers.
    public var preferServerCiphers: Bool
    /// Key-exchange groups in preference order (OpenSSL names): X25519, then P-256.
    public var groups: [String]
    /// ALPN protocols we speak, in preference order: `http/1.1`, then `http/1.0` (our
    /// HTTP/1 codec speaks both; nginx accepts the same pair). No `h2` until HTTP/2 exists.
    ///
    /// A client that offers ALPN but none of these (e.g. only `h2`) gets a fatal
    /// `no_application_protocol` alert, as RFC 7301 §3.2 requires and nginx ≥ 1.21.4 does:
    /// failing cleanly beats a connection the client will misread. Clients that offer no
    /// ALPN at all (curl without `--http2`, openssl s_client) are served HTTP/1.1.
    public var alpnProtocols: [String]
    /// Issue session tickets (RFC 5077 / RFC 8446 §4.6.1) so returning clients skip the
    /// full handshake. Tickets are stateless: no per-session memory on the server.
    /// TLS 1.3 early data (0-RTT) stays off: it is replayable (RFC 8446 §8) and a proxy
    /// cannot know which upstream requests are idempotent enough to accept it.
    public var sessionTickets: Bool
    /// How often the ticket-encryption key rotates. The previous key still decrypts (and the
    /// ticket is then re-issued under the new key), so a ticket lives up to twice this long.
    public var ticketKeyRotationSeconds: Int64
    /// How long the data plane lets a client take from accept to a finished handshake
    /// before it closes the connection and counts a `timeout` failure. TLS does not enforce
    /// it (the session has no clock); see `TLSServerSession`.
    public var handshakeTimeoutMilliseconds: Int
    /// Common name (and SAN) of the self-signed certificate generated when the table has
    /// no default certificate.
    public var fallbackCommonName: String

    public init(minimumVersion: TLSVersion = .tls1_2,
                tls12Ciphers: String = TLSServerConfiguration.mozillaIntermediateCiphers,
                preferServerCiphers: Bool = true,
                groups: [String] = ["X25519", "P-256"],
                alpnProtocols: [String] = ["http/1.1", "http/1.0"],
                sessionTickets: Bool = true,
                ticketKeyRotationSeconds: Int64 = 12 * 3600,
                handshakeTimeoutMilliseconds: Int = 10_000,
                fallbackCommonName: String = "portico.invalid") {
        self.minimumVersion = max(minimumVersion, .tls1_2)
        self.tls12Ciphers = tls12Ciphers
        self.preferServerCiphers = preferServerCiphers
        self.groups = groups
        self.alpnProtocols = alpnProtocols
        self.sessionTickets = sessionTickets
        self.ticketKeyRotationSeconds = ticketKeyRotationSeconds
        self.handshakeTimeoutMilliseconds = handshakeTimeoutMilliseconds
        self.fallbackCommonName = fallbackCommonName
    }
}

/// ALPN protocol lists in the wire format (RFC 7301 §3.1: length-prefixed names).
enum ALPNWire {
    static func encode(_ protocols: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for p in protocols {
            let bytes = Array(p.utf8)
            guard !bytes.isEmpty, bytes.count <= 255 else { continue }
            out.append(UInt8(bytes.count))
            out.append(contentsOf: bytes)
        }
        return out
    }
}
