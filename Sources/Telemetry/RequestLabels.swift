/// The bounded `method` label: the standard methods by name, everything else as `other`,
/// so a client sending made-up methods cannot create series.
public enum MethodClass: Int, Sendable, CaseIterable {
    case get, head, post, put, delete, patch, options, connect, trace, other

    /// The label value.
    public var label: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .delete: "DELETE"
        case .patch: "PATCH"
        case .options: "OPTIONS"
        case .connect: "CONNECT"
        case .trace: "TRACE"
        case .other: "other"
        }
    }

    /// Classifies a method token (case-sensitive, RFC 9110 §9.1), given as bytes.
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        self = .other
        for c in MethodClass.allCases where c != .other {
            if c.label.utf8.elementsEqual(bytes) { self = c; return }
        }
    }

    /// Classifies a method token (case-sensitive, RFC 9110 §9.1).
    public init(_ method: String) { self.init(bytes: method.utf8) }
}

/// The bounded `status_class` label: `1xx` ... `5xx`, or `none` when no response was sent
/// (the client went away, or the status is out of range).
public enum StatusClass: Int, Sendable, CaseIterable {
    case none, informational, success, redirection, clientError, serverError

    /// The class of a status code.
    public init(code: Int) {
        switch code {
        case 100...199: self = .informational
        case 200...299: self = .success
        case 300...399: self = .redirection
        case 400...499: self = .clientError
        case 500...599: self = .serverError
        default: self = .none
        }
    }

    /// The label value.
    public var label: String {
        switch self {
        case .none: "none"
        case .informational: "1xx"
        case .success: "2xx"
        case .redirection: "3xx"
        case .clientError: "4xx"
        case .serverError: "5xx"
        }
    }
}

/// The labels that identify a route in request metrics: the Ingress, the rule's host and
/// path as written in the Ingress (never the request's raw path) and the backend Service.
public struct RouteLabels: Sendable, Hashable {
    /// Namespace of the Ingress.
    public var namespace: String
    /// Name of the Ingress.
    public var ingress: String
    /// Host of the rule (`*.example.com`, or empty for the default rule).
    public var host: String
    /// Path of the rule as written in the Ingress (e.g. `/api`).
    public var path: String
    /// Backend Service name.
    public var service: String

    /// Route labels; the empty default is used for requests that match no route.
    public init(namespace: String = "", ingress: String = "", host: String = "",
                path: String = "", service: String = "") {
        self.namespace = namespace
        self.ingress = ingress
        self.host = host
        self.path = path
        self.service = service
    }

    var values: [String] { [namespace, ingress, host, path, service] }

    static let names = ["namespace", "ingress", "host", "path", "service"]
}

/// The labels that identify a backend in upstream metrics: Service namespace, name, port.
public struct BackendLabels: Sendable, Hashable {
    /// Namespace of the Service.
    public var namespace: String
    /// Name of the Service.
    public var service: String
    /// Service port, by number or name as the Ingress refers to it.
    public var port: String

    /// Backend labels.
    public init(namespace: String, service: String, port: String) {
        self.namespace = namespace
        self.service = service
        self.port = port
    }

    var values: [String] { [namespace, service, port] }

    static let names = ["namespace", "service", "port"]
}
