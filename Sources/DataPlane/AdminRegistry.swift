import Synchronization

/// What an admin handler answers.
public struct AdminResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The Content-Type header.
    public var contentType: String
    /// The body bytes.
    public var body: [UInt8]

    public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", text: String) {
        self.init(status: status, contentType: contentType, body: Array(text.utf8))
    }
}

/// Extra admin endpoints by exact path (e.g. `/metrics`, `/debug/snapshot`), registered by
/// the executable so DataPlane needs no import of what they expose.
public final class AdminRegistry: Sendable {
    private let handlers = Mutex<[String: @Sendable () -> AdminResponse]>([:])

    public init() {}

    /// Adds or replaces the handler for `path`; `/healthz` and `/readyz` are built in.
    public func register(_ path: String, _ handler: @escaping @Sendable () -> AdminResponse) {
        handlers.withLock { $0[path] = handler }
    }

    /// The handler for a path, if any.
    public func handler(for path: String) -> (@Sendable () -> AdminResponse)? {
        handlers.withLock { $0[path] }
    }

    /// Registered paths, sorted (for the admin index).
    public var paths: [String] { handlers.withLock { $0.keys.sorted() } }
}
