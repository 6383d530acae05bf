internal import COpenSSL

/// Why a TLS handshake failed, as a small closed set that works as a metric label.
public enum TLSFailureReason: String, Sendable, CaseIterable, Hashable {
    /// No protocol version both sides accept (e.g. a TLS 1.1 client; RFC 8446 §6.2 `protocol_version`).
    case protocolVersion = "protocol_version"
    /// No cipher suite (or key-exchange group) both sides accept.
    case noSharedCipher = "no_shared_cipher"
    /// The peer's certificate chain does not lead to a trusted CA (or the peer said so of ours).
    case unknownCA = "unknown_ca"
    /// A certificate was rejected for another reason: wrong host name, expired, unusable.
    case badCertificate = "bad_certificate"
    /// The peer did not finish the handshake in time (reported by the data plane).
    case timeout = "timeout"
    /// Anything else: malformed records, peer closed mid-handshake, ALPN mismatch, ...
    case other = "other"
}

/// A TLS failure: the metric category plus OpenSSL's own words for what went wrong.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category, for metrics and for deciding what to tell the user.
    public var reason: TLSFailureReason
    /// OpenSSL's error strings, joined, or our own description.
    public var message: String

    public init(reason: TLSFailureReason, message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "TLS \(reason.rawValue): \(message)" }
}

/// Reads and classifies OpenSSL's per-thread error queue.
enum OpenSSLErrorQueue {
    /// Empties the queue: OpenSSL's `SSL_get_error` is only meaningful on an empty queue.
    static func clear() { ERR_clear_error() }

    /// Drains the queue into a `TLSError`; `fallback` is used when the queue is empty.
    static func drain(fallback: String) -> TLSError {
        var reasons: [Int32] = []
        var texts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            reasons.append(portico_ERR_GET_REASON(code))
            if let text = ERR_reason_error_string(code) {
                texts.append(String(cString: text))
            } else {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                texts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        let message = texts.isEmpty ? fallback : texts.joined(separator: "; ")
        return TLSError(reason: classify(reasons), message: message)
    }

    /// Maps OpenSSL reason codes (ours and the alerts the peer sent us) to a category.
    static func classify(_ reasons: [Int32]) -> TLSFailureReason {
        for r in reasons {
            switch r {
            case SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION, SSL_R_WRONG_SSL_VERSION,
                 SSL_R_VERSION_TOO_LOW, SSL_R_VERSION_TOO_HIGH, SSL_R_NO_PROTOCOLS_AVAILABLE,
                 SSL_R_WRONG_VERSION_NUMBER, SSL_R_UNSUPPORTED_SSL_VERSION:
                return .protocolVersion
            case SSL_R_NO_SHARED_CIPHER, SSL_R_NO_CIPHERS_AVAILABLE, SSL_R_NO_SHARED_GROUPS,
                 SSL_R_NO_SUITABLE_KEY_SHARE, SSL_R_NO_CIPHER_MATCH:
                return .noSharedCipher
            case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
                return .unknownCA
            case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE, SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN,
                 SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED, SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE,
                 SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
                return .badCertificate
            default:
                continue
            }
        }
        return .other
    }
}
