/// A request method: the common ones by name, anything else (still a token) as `.other`.
///
/// Methods are case-sensitive (RFC 9110 §9.1): `get` is `.other`.
public enum HTTPMethod: Sendable, Equatable, Hashable {
    case get, head, post, put, delete, connect, options, trace, patch
    /// A valid token that is none of the above; its bytes are in the head.
    case other

    /// The method's name, nil for `.other`.
    @inlinable
    public var name: String? {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .delete: "DELETE"
        case .connect: "CONNECT"
        case .options: "OPTIONS"
        case .trace: "TRACE"
        case .patch: "PATCH"
        case .other: nil
        }
    }

    /// Recognises a method from its bytes (already checked to be a token).
    @inlinable
    static func recognise(_ base: UnsafeRawPointer, _ start: Int, _ count: Int) -> HTTPMethod {
        @inline(__always) func at(_ i: Int) -> UInt8 { base.load(fromByteOffset: start + i, as: UInt8.self) }
        switch count {
        case 3:
            if at(0) == 0x47, at(1) == 0x45, at(2) == 0x54 { return .get }  // GET
            if at(0) == 0x50, at(1) == 0x55, at(2) == 0x54 { return .put }  // PUT
        case 4:
            if at(0) == 0x50, at(1) == 0x4F, at(2) == 0x53, at(3) == 0x54 { return .post }
            if at(0) == 0x48, at(1) == 0x45, at(2) == 0x41, at(3) == 0x44 { return .head }
        case 5:
            if ASCII.equals(base, start, "PATCH") { return .patch }
            if ASCII.equals(base, start, "TRACE") { return .trace }
        case 6:
            if ASCII.equals(base, start, "DELETE") { return .delete }
        case 7:
            if ASCII.equals(base, start, "OPTIONS") { return .options }
            if ASCII.equals(base, start, "CONNECT") { return .connect }
        default:
            break
        }
        return .other
    }
}

/// The protocol version of a message; only 1.0 and 1.1 are parsed, others are 505.
public enum HTTPVersion: Sendable, Equatable, Hashable {
    case http1_0
    case http1_1

    /// `HTTP/1.0` or `HTTP/1.1`.
    public var text: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// How the body after a head is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable, Hashable {
    /// No body follows the head.
    case none
    /// Exactly this many bytes follow (possibly zero).
    case contentLength(UInt64)
    /// A chunked body follows; decode it with `ChunkedDecoder`.
    case chunked
    /// Responses only: the body runs until the server closes the connection.
    case untilClose
}
