import KubeAPI

/// A namespaced test kind, so the client is tested before the real models land.
struct Widget: KubeObject, Equatable {
    static let apiGroupVersionPath = "/apis/test.portico.io/v1"
    static let resource = "widgets"
    static let isNamespaced = true
    static let apiVersion = "test.portico.io/v1"
    static let kind = "Widget"

    struct Spec: Codable, Equatable, Sendable { var size: Int }
    struct Status: Codable, Equatable, Sendable { var phase: String }

    var metadata: ObjectMeta
    var type: String?
    var spec: Spec?
    var status: Status?

    init(_ namespace: String, _ name: String, size: Int = 1, type: String? = nil) {
        metadata = ObjectMeta(name: name, namespace: namespace)
        spec = Spec(size: size)
        self.type = type
    }
}

/// A cluster-scoped test kind.
struct Gizmo: KubeObject, Equatable {
    static let apiGroupVersionPath = "/apis/test.portico.io/v1"
    static let resource = "gizmos"
    static let isNamespaced = false
    static let apiVersion = "test.portico.io/v1"
    static let kind = "Gizmo"

    var metadata: ObjectMeta

    init(_ name: String) { metadata = ObjectMeta(name: name) }
}
