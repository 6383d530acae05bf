/// Something the snapshot builder rejected or ignored, naming the object, field and reason.
public struct ConfigWarning: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The object the warning is about.
    public var object: ObjectRef
    /// The field path inside the object, e.g. `spec.rules[0].http.paths[1].backend`.
    public var field: String
    /// A short machine-friendly reason, e.g. `ServiceNotFound`; also the Kubernetes Event reason.
    public var reason: String
    /// A sentence a user can act on: what is wrong and what is allowed.
    public var message: String

    public init(object: ObjectRef, field: String, reason: String, message: String) {
        self.object = object
        self.field = field
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(object) \(field): \(reason): \(message)" }

    public static func < (a: ConfigWarning, b: ConfigWarning) -> Bool {
        (a.object, a.field, a.reason, a.message) < (b.object, b.field, b.reason, b.message)
    }
}
