/// The form of a request-target (RFC 9112 §3.2).
public enum RequestTargetForm: Sendable, Equatable, Hashable {
    /// `/path?query`, the usual form.
    case origin
    /// `http://authority/path?query`, as sent to proxies.
    case absolute
    /// `host:port`, CONNECT only.
    case authority
    /// `*`, OPTIONS only.
    case asterisk
}

/// A parsed request head: one copy of its bytes plus offsets into them.
///
/// Strings are built only when asked for; the `...Range` properties and `bytes` let hot
/// paths work on bytes.
public struct RequestHead: HTTPMessageHead, Equatable {
    /// The head exactly as received, through the blank line.
    public let bytes: [UInt8]
    /// Field lines in order, as ranges into `bytes`.
    public let fields: [HTTPField]
    /// The method; for `.other` read `methodName`.
    public let method: HTTPMethod
    /// The method token's range in `bytes`.
    public let methodRange: Range<Int>
    /// The request-target's range in `bytes`.
    public let targetRange: Range<Int>
    /// Which of the four forms the target has.
    public let targetForm: RequestTargetForm
    /// The path's range (empty for an absolute-form target without a path, and for the
    /// authority and asterisk forms).
    public let pathRange: Range<Int>
    /// The query's range without the `?`, nil when the target has no `?`.
    public let queryRange: Range<Int>?
    /// HTTP/1.0 or HTTP/1.1.
    public let version: HTTPVersion
    /// Bytes of the input the head took, leading empty lines included; the body starts here.
    public let headLength: Int
    /// How the body is delimited.
    public let framing: BodyFraming
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public let keepAlive: Bool
    /// Whether an HTTP/1.1 client waits for `100 Continue` (RFC 9110 §10.1.1).
    public let expectsContinue: Bool
    /// The authority: the absolute-form target's, else the Host field's (RFC 9112 §3.2.2).
    public let hostRange: Range<Int>?
    /// The Upgrade field's value when Connection lists `upgrade` (RFC 9110 §7.8).
    public let upgradeRange: Range<Int>?

    /// The method as text (`GET`, or the token as received for `.other`).
    @inlinable public var methodName: String { method.name ?? string(methodRange) }
    /// The request-target as received.
    @inlinable public var target: String { string(targetRange) }
    /// The path without the query; `/` when an absolute-form target has none.
    @inlinable public var path: String { pathRange.isEmpty ? (targetForm == .absolute ? "/" : "") : string(pathRange) }
    /// The query without the `?`, nil when absent.
    @inlinable public var query: String? { queryRange.map(string) }
    /// The authority (Host), nil only for HTTP/1.0 requests without one.
    @inlinable public var host: String? { hostRange.map(string) }
    /// The protocol asked for with `Connection: upgrade` + `Upgrade`, e.g. `websocket`.
    @inlinable public var upgrade: String? { upgradeRange.map(string) }
    /// Whether the request carries a body (chunked, or a non-zero Content-Length).
    @inlinable public var hasBody: Bool {
        switch framing {
        case .none, .untilClose, .contentLength(0): false
        default: true
        }
    }

    @inlinable
    func string(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
}
