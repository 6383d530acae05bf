/// A parsed response head from an upstream: one copy of its bytes plus offsets into them.
public struct ResponseHead: HTTPMessageHead, Equatable {
    /// The head exactly as received, through the blank line.
    public let bytes: [UInt8]
    /// Field lines in order, as ranges into `bytes`.
    public let fields: [HTTPField]
    /// HTTP/1.0 or HTTP/1.1.
    public let version: HTTPVersion
    /// The status code, 100–599.
    public let status: Int
    /// The reason phrase's range in `bytes` (possibly empty).
    @inlinable public var reasonRange: Range<Int> { _reason.range }
    /// Bytes of the input the head took; the body starts here.
    public let headLength: Int
    /// How the body is delimited, given the request it answers (RFC 9112 §6.3).
    public let framing: BodyFraming
    /// Whether the upstream connection may be reused after this response.
    public let keepAlive: Bool
    /// The Upgrade field's value when Connection lists `upgrade`.
    @inlinable public var upgradeRange: Range<Int>? { _upgrade.optionalRange }

    /// The reason phrase as received.
    @inlinable public var reason: String { String(decoding: bytes[reasonRange], as: UTF8.self) }
    /// The protocol switched to by a 101 response.
    @inlinable public var upgrade: String? { upgradeRange.map { String(decoding: bytes[$0], as: UTF8.self) } }
    /// A 1xx interim response: the final response follows it (RFC 9110 §15.2).
    @inlinable public var isInformational: Bool { status < 200 }
    /// 101 Switching Protocols: the connection becomes a tunnel after this head.
    @inlinable public var isSwitchingProtocols: Bool { status == 101 }

    @usableFromInline let _reason: ByteSpan
    @usableFromInline let _upgrade: ByteSpan

    init(
        bytes: [UInt8], fields: [HTTPField], version: HTTPVersion, status: Int, reasonRange: Range<Int>,
        headLength: Int, framing: BodyFraming, keepAlive: Bool, upgradeRange: Range<Int>?
    ) {
        self.bytes = bytes
        self.fields = fields
        self.version = version
        self.status = status
        self._reason = ByteSpan(reasonRange)
        self.headLength = headLength
        self.framing = framing
        self.keepAlive = keepAlive
        self._upgrade = ByteSpan(upgradeRange)
    }
}
