internal import COpenSSL

/// A TLS protocol version, ordered oldest to newest.
public enum TLSVersion: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case tls1_0 = 0x0301
    case tls1_1 = 0x0302
    case tls1_2 = 0x0303
    case tls1_3 = 0x0304

    /// The name OpenSSL and the metrics use, e.g. `TLSv1.3`.
    public var description: String {
        switch self {
        case .tls1_0: "TLSv1"
        case .tls1_1: "TLSv1.1"
        case .tls1_2: "TLSv1.2"
        case .tls1_3: "TLSv1.3"
        }
    }

    public static func < (a: TLSVersion, b: TLSVersion) -> Bool { a.rawValue < b.rawValue }

    /// OpenSSL's `TLS1_x_VERSION` constant (the wire value, RFC 8446 §4.2.1).
    var openSSLValue: Int32 { Int32(rawValue) }

    init?(openSSLValue: Int32) { self.init(rawValue: Int(openSSLValue)) }
}
