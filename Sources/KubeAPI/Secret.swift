import Foundation

/// v1 Secret: opaque key/value bytes; Portico reads `kubernetes.io/tls` ones.
public struct Secret: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/api/v1"
    public static let resource = "secrets"
    public static let isNamespaced = true
    public static let apiVersion = "v1"
    public static let kind = "Secret"

    /// The type of Secrets holding a certificate chain (`tls.crt`) and its key (`tls.key`).
    public static let tlsType = "kubernetes.io/tls"

    public var metadata: ObjectMeta
    /// e.g. `Opaque` or `kubernetes.io/tls`.
    public var type: String?
    /// Values base64-encoded, exactly as the API sends them.
    public var data: [String: String]?
    /// Write-only plain-text values, merged over `data` (manifests may use it).
    public var stringData: [String: String]?

    public init(metadata: ObjectMeta, type: String? = nil, data: [String: String]? = nil,
                stringData: [String: String]? = nil) {
        self.metadata = metadata
        self.type = type
        self.data = data
        self.stringData = stringData
    }

    /// Builds a Secret from raw bytes, encoding them as the API would.
    public init(metadata: ObjectMeta, type: String?, bytes: [String: [UInt8]]) {
        self.init(metadata: metadata, type: type,
                  data: bytes.mapValues { Data($0).base64EncodedString() })
    }

    /// The decoded value of a key: `stringData` first, then base64 `data`; nil when the
    /// key is missing or its value is not valid base64.
    public func value(forKey key: String) -> [UInt8]? {
        if let s = stringData?[key] { return Array(s.utf8) }
        guard let encoded = data?[key] else { return nil }
        guard let d = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else { return nil }
        return [UInt8](d)
    }
}
