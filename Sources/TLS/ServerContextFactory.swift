internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// What the OpenSSL callbacks of a server connection need, reachable from the `SSL*`.
///
/// Each server `SSL*` carries an unretained pointer to its session's `CertificateSelection`
/// as app data; the session's `TLSConnection.callbackState` holds the strong reference
/// until the handshake completes, then clears both.
final class ServerPolicy: @unchecked Sendable {
    // @unchecked Sendable: `alpnWire` is allocated and filled in init, then only read.
    let configuration: TLSServerConfiguration
    let keyRing: SessionTicketKeyRing
    let alpnWire: UnsafeMutableBufferPointer<UInt8>

    init(configuration: TLSServerConfiguration) {
        self.configuration = configuration
        self.keyRing = SessionTicketKeyRing(rotationSeconds: configuration.ticketKeyRotationSeconds)
        let wire = ALPNWire.encode(configuration.alpnProtocols)
        alpnWire = .allocate(capacity: max(wire.count, 1))
        _ = alpnWire.initialize(from: wire)
        alpnWireCount = wire.count
    }

    let alpnWireCount: Int

    deinit { alpnWire.deallocate() }
}

/// Builds server `SSL_CTX`s: the shared policy plus one certificate each.
enum ServerContextFactory {
    /// A context with policy and callbacks and the given certificate chain and key.
    static func make(policy: ServerPolicy, certificatePEM: [UInt8],
                     privateKeyPEM: [UInt8]) -> Result<SSLContextHandle, TLSCertificateError> {
        let context: SSLContextHandle
        do {
            context = try makeConfigured(policy: policy)
        } catch {
            return .failure(.certificateDoesNotParse("server policy rejected: \(error.message)"))
        }
        let chain: [X509Certificate]
        switch PEM.certificates(certificatePEM) {
        case .success(let c): chain = c
        case .failure(let e): return .failure(e)
        }
        let key: PrivateKey
        switch PEM.privateKey(privateKeyPEM) {
        case .success(let k): key = k
        case .failure(let e): return .failure(e)
        }
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_use_certificate(context.pointer, chain[0].pointer) == 1 else {
            let e = OpenSSLErrorQueue.drain(fallback: "the leaf certificate was refused")
            return .failure(.certificateDoesNotParse(e.message))
        }
        for intermediate in chain.dropFirst() {
            guard portico_SSL_CTX_add1_chain_cert(context.pointer, intermediate.pointer) == 1 else {
                let e = OpenSSLErrorQueue.drain(fallback: "an intermediate certificate was refused")
                return .failure(.certificateDoesNotParse(e.message))
            }
        }
        guard SSL_CTX_use_PrivateKey(context.pointer, key.pointer) == 1,
              SSL_CTX_check_private_key(context.pointer) == 1 else {
            OpenSSLErrorQueue.clear()
            return .failure(.keyDoesNotMatchCertificate)
        }
        return .success(context)
    }

    /// A server context with the protocol policy and our callbacks, no certificate yet.
    static func makeConfigured(policy: ServerPolicy) throws(TLSError) -> SSLContextHandle {
        OpenSSLErrorQueue.clear()
        guard let raw = SSL_CTX_new(TLS_server_method()) else {
            throw OpenSSLErrorQueue.drain(fallback: "SSL_CTX_new failed")
        }
        let context = SSLContextHandle(taking: raw)
        let c = policy.configuration
        var options = portico_SSL_OP_NO_RENEGOTIATION() | portico_SSL_OP_NO_COMPRESSION()
        if c.preferServerCiphers { options |= portico_SSL_OP_CIPHER_SERVER_PREFERENCE() }
        if !c.sessionTickets { options |= portico_SSL_OP_NO_TICKET() }
        SSL_CTX_set_options(raw, options)
        guard portico_SSL_CTX_set_min_proto_version(raw, c.minimumVersion.openSSLValue) == 1,
              portico_SSL_CTX_set_max_proto_version(raw, TLS1_3_VERSION) == 1 else {
            throw OpenSSLErrorQueue.drain(fallback: "protocol version range refused")
        }
        guard SSL_CTX_set_cipher_list(raw, c.tls12Ciphers) == 1 else {
            throw TLSError(reason: .noSharedCipher, message: "TLS 1.2 cipher list '\(c.tls12Ciphers)' matches no cipher")
        }
        guard portico_SSL_CTX_set1_groups_list(raw, c.groups.joined(separator: ":")) == 1 else {
            OpenSSLErrorQueue.clear()
            throw TLSError(reason: .noSharedCipher, message: "key-exchange groups \(c.groups) are not all known to OpenSSL")
        }
        _ = portico_SSL_CTX_set_dh_auto(raw, 1)
        // Frees the 34 KiB of record buffers while a connection is idle.
        _ = portico_SSL_CTX_set_mode(raw, Int(SSL_MODE_RELEASE_BUFFERS))
        // No stateful session cache: tickets carry the state, so idle sessions cost no server memory.
        _ = portico_SSL_CTX_set_session_cache_mode(raw, Int(SSL_SESS_CACHE_OFF))
        let sessionIDContext: [UInt8] = Array("portico".utf8)
        _ = SSL_CTX_set_session_id_context(raw, sessionIDContext, UInt32(sessionIDContext.count))
        if c.sessionTickets {
            // One ticket per handshake (OpenSSL sends two by default for TLS 1.3).
            _ = SSL_CTX_set_num_tickets(raw, 1)
            _ = SSL_CTX_set_tlsext_ticket_key_evp_cb(raw, ticketKeyCallback)
        } else {
            _ = SSL_CTX_set_num_tickets(raw, 0)
        }
        _ = portico_SSL_CTX_set_servername_callback(raw, serverNameCallback)
        _ = portico_SSL_CTX_set_tlsext_status_cb(raw, OCSP.statusCallback)
        _ = portico_SSL_CTX_set_tlsext_status_arg(raw, Unmanaged.passUnretained(context.staple).toOpaque())
        if policy.alpnWireCount > 0 {
            SSL_CTX_set_alpn_select_cb(raw, alpnSelectCallback, nil)
        }
        return context
    }

    // MARK: - Callbacks (C function pointers: no captures, state comes from the SSL's app data)

    static func selection(of ssl: OpaquePointer?) -> CertificateSelection? {
        guard let ssl, let raw = portico_SSL_get_app_data(ssl) else { return nil }
        return Unmanaged<CertificateSelection>.fromOpaque(raw).takeUnretainedValue()
    }

    /// SNI (RFC 6066 §3): switch the connection to the certificate's context for this name.
    /// The selection is the one the session started with, so a rotation mid-handshake
    /// cannot change the answer.
    static let serverNameCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32 = { ssl, _, _ in
        guard let ssl, let selection = ServerContextFactory.selection(of: ssl) else { return SSL_TLSEXT_ERR_OK }
        let name = SSL_get_servername(ssl, Int32(TLSEXT_NAMETYPE_host_name)).map { String(cString: $0) }
        let chosen = selection.certificate(forServerName: name).context.pointer
        if chosen != SSL_get_SSL_CTX(ssl) {
            _ = SSL_set_SSL_CTX(ssl, chosen)
        }
        return SSL_TLSEXT_ERR_OK
    }

    /// ALPN (RFC 7301 §3.2): our preference order; no overlap is a fatal
    /// `no_application_protocol` alert (see `TLSServerConfiguration.alpnProtocols`).
    static let alpnSelectCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?, UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?) -> Int32 = { ssl, out, outLength, offered, offeredLength, _ in
        guard let selection = ServerContextFactory.selection(of: ssl), let out, let outLength, let offered else {
            return SSL_TLSEXT_ERR_NOACK
        }
        let policy = selection.policy
        var selected: UnsafeMutablePointer<UInt8>?
        let result = SSL_select_next_proto(&selected, outLength, policy.alpnWire.baseAddress,
                                           UInt32(policy.alpnWireCount), offered, offeredLength)
        guard result == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_ALERT_FATAL }
        out.pointee = UnsafePointer(selected)
        return SSL_TLSEXT_ERR_OK
    }

    /// Session tickets with our rotating keys (see `SessionTicketKeyRing`), following the
    /// example in OpenSSL's SSL_CTX_set_tlsext_ticket_key_evp_cb(3): AES-256-CBC + HMAC-SHA-256.
    /// Returns 1 = use key, 2 = use key and re-issue, 0 = unknown key (full handshake),
    /// -1 = error.
    ///
    /// Decryption always answers 2: OpenSSL sends a NewSessionTicket in a resumed TLS 1.3
    /// handshake only when the callback asks for renewal. Without a fresh ticket wrk did a full
    /// handshake every other connection (bench/README.md, HTTPS), and RFC 8446 §C.4 has
    /// clients use a ticket once anyway. nginx issues one on every resumption too.
    static let ticketKeyCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, OpaquePointer?, OpaquePointer?, Int32) -> Int32 = { ssl, keyName, iv, cipher, mac, encrypt in
        guard let selection = ServerContextFactory.selection(of: ssl), let keyName, let iv, let cipher, let mac else {
            return -1
        }
        let ring = selection.policy.keyRing
        if encrypt == 1 {
            let key = ring.encryptionKey(now: Int64(time(nil)))
            guard RAND_bytes(iv, 16) == 1 else { return -1 }
            key.name.withUnsafeBufferPointer { keyName.update(from: $0.baseAddress!, count: 16) }
            guard key.aesKey.withUnsafeBufferPointer({ EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), nil, $0.baseAddress, iv) }) == 1,
                  key.hmacKey.withUnsafeBufferPointer({ portico_ticket_mac_init(mac, $0.baseAddress, $0.count) }) == 1 else {
                return -1
            }
            return 1
        }
        guard let (key, _) = ring.decryptionKey(named: keyName) else { return 0 }
        guard key.hmacKey.withUnsafeBufferPointer({ portico_ticket_mac_init(mac, $0.baseAddress, $0.count) }) == 1,
              key.aesKey.withUnsafeBufferPointer({ EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), nil, $0.baseAddress, iv) }) == 1 else {
            return -1
        }
        return 2
    }
}
