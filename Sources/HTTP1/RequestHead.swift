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
    @inlinable public var methodRange: Range<Int> { _method.range }
    /// The request-target's range in `bytes`.
    @inlinable public var targetRange: Range<Int> { _target.range }
    /// Which of the four forms the target has.
    public let targetForm: RequestTargetForm
    /// The path's range (empty for an absolute-form target without a path, and for the
    /// authority and asterisk forms).
    @inlinable public var pathRange: Range<Int> { _path.range }
    /// The query's range without the `?`, nil when the target has no `?`.
    @inlinable public var queryRange: Range<Int>? { _query.optionalRange }
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
    @inlinable public var hostRange: Range<Int>? { _host.optionalRange }
    /// The Upgrade field's value when Connection lists `upgrade` (RFC 9110 §7.8).
    @inlinable public var upgradeRange: Range<Int>? { _upgrade.optionalRange }

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

    // Offsets are stored as trivial 32-bit pairs: Optional<Range<Int>> members made the
    // compiler destroy every head through generic value witnesses.
    @usableFromInline let _method: ByteSpan
    @usableFromInline let _target: ByteSpan
    @usableFromInline let _path: ByteSpan
    @usableFromInline let _query: ByteSpan
    @usableFromInline let _host: ByteSpan
    @usableFromInline let _upgrade: ByteSpan

    init(
        bytes: [UInt8], fields: [HTTPField], method: HTTPMethod, methodRange: Range<Int>, targetRange: Range<Int>,
        targetForm: RequestTargetForm, pathRange: Range<Int>, queryRange: Range<Int>?, version: HTTPVersion,
        headLength: Int, framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool, hostRange: Range<Int>?,
        upgradeRange: Range<Int>?
    ) {
        self.bytes = bytes
        self.fields = fields
        self.method = method
        self._method = ByteSpan(methodRange)
        self._target = ByteSpan(targetRange)
        self.targetForm = targetForm
        self._path = ByteSpan(pathRange)
        self._query = ByteSpan(queryRange)
        self.version = version
        self.headLength = headLength
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self._host = ByteSpan(hostRange)
        self._upgrade = ByteSpan(upgradeRange)
    }

    @inlinable
    func string(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
}

/// A byte range in a head as two 32-bit offsets; `absent` stands for nil.
@usableFromInline
struct ByteSpan: Sendable, Hashable {
    @usableFromInline let start: UInt32
    @usableFromInline let end: UInt32

    @usableFromInline static let absent = ByteSpan(start: .max, end: .max)

    @inlinable init(start: UInt32, end: UInt32) {
        self.start = start
        self.end = end
    }

    @inlinable init(_ r: Range<Int>) {
        self.init(start: UInt32(truncatingIfNeeded: r.lowerBound), end: UInt32(truncatingIfNeeded: r.upperBound))
    }

    @inlinable init(_ r: Range<Int>?) {
        if let r { self.init(r) } else { self = .absent }
    }

    @inlinable var range: Range<Int> { Int(start)..<Int(end) }
    @inlinable var optionalRange: Range<Int>? { start == .max ? nil : range }
}
