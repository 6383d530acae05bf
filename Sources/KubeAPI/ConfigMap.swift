/// v1 ConfigMap: plain key/value settings (Portico's global options may live in one).
public struct ConfigMap: KubeObject, Hashable {
    public static let apiGroupVersionPath = "/api/v1"
    public static let resource = "configmaps"
    public static let isNamespaced = true
    public static let apiVersion = "v1"
    public static let kind = "ConfigMap"

    public var metadata: ObjectMeta
    public var data: [String: String]?

    public init(metadata: ObjectMeta, data: [String: String]? = nil) {
        self.metadata = metadata
        self.data = data
    }
}
