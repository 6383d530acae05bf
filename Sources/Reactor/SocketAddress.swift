import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 socket address, parsed from `host:port` or `[v6]:port`.
public enum SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// IPv4: four address bytes (network order as written) and the port.
    case v4(address: UInt32, port: UInt16)
    /// IPv6: sixteen address bytes and the port.
    case v6(address: [UInt8], port: UInt16)

    /// Why an address string was refused.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        /// The text as given.
        public var input: String
        /// What is wrong with it.
        public var reason: String
        public var description: String {
            "invalid address \"\(input)\": \(reason) (expected host:port or [ipv6]:port, e.g. 127.0.0.1:8080)"
        }
    }

    /// Parses `1.2.3.4:80`, `[::1]:80`, or `host` + separate port. Host names are not
    /// resolved: the data plane only dials literal addresses.
    public init(parsing text: String) throws(ParseError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ParseError(input: text, reason: "missing ']' after IPv6 address")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ParseError(input: text, reason: "missing :port") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw ParseError(input: text, reason: "missing :port") }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { throw ParseError(input: text, reason: "IPv6 addresses need brackets") }
        }
        guard let port = UInt16(portPart), !portPart.isEmpty else {
            throw ParseError(input: text, reason: "port must be a number from 0 to 65535")
        }
        try self.init(host: String(hostPart.isEmpty ? "0.0.0.0" : hostPart), port: port, original: text)
    }

    /// An address from a literal IP (v4 or v6, without brackets) and a port.
    public init(host: String, port: UInt16) throws(ParseError) {
        try self.init(host: host, port: port, original: host)
    }

    private init(host: String, port: UInt16, original: String) throws(ParseError) {
        var a4 = in_addr()
        if inet_pton(AF_INET, host, &a4) == 1 {
            self = .v4(address: a4.s_addr, port: port)
            return
        }
        var a6 = in6_addr()
        if inet_pton(AF_INET6, host, &a6) == 1 {
            let bytes = withUnsafeBytes(of: &a6) { Array($0) }
            self = .v6(address: bytes, port: port)
            return
        }
        throw ParseError(input: original, reason: "\"\(host)\" is not an IPv4 or IPv6 literal")
    }

    init?(storage: sockaddr_storage) {
        var s = storage
        switch Int32(s.ss_family) {
        case AF_INET:
            let sin = withUnsafeBytes(of: &s) { $0.load(as: sockaddr_in.self) }
            self = .v4(address: sin.sin_addr.s_addr, port: UInt16(bigEndian: sin.sin_port))
        case AF_INET6:
            let sin6 = withUnsafeBytes(of: &s) { $0.load(as: sockaddr_in6.self) }
            var a = sin6.sin6_addr
            self = .v6(address: withUnsafeBytes(of: &a) { Array($0) }, port: UInt16(bigEndian: sin6.sin6_port))
        default:
            return nil
        }
    }

    /// The port.
    public var port: UInt16 {
        switch self {
        case .v4(_, let p), .v6(_, let p): return p
        }
    }

    /// The address family constant (AF_INET or AF_INET6).
    public var family: Int32 {
        if case .v4 = self { return AF_INET }
        return AF_INET6
    }

    /// The IP literal without port or brackets, e.g. `127.0.0.1` or `::1`.
    public var ipString: String {
        var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch self {
        case .v4(let a, _):
            var addr = in_addr(s_addr: a)
            inet_ntop(AF_INET, &addr, &buf, socklen_t(buf.count))
        case .v6(let bytes, _):
            var addr = in6_addr()
            withUnsafeMutableBytes(of: &addr) { $0.copyBytes(from: bytes) }
            inet_ntop(AF_INET6, &addr, &buf, socklen_t(buf.count))
        }
        let end = buf.firstIndex(of: 0) ?? buf.count
        return String(decoding: buf[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The IP as 4 or 16 raw bytes (for CIDR matching).
    public var addressBytes: [UInt8] {
        switch self {
        case .v4(let a, _): return withUnsafeBytes(of: a) { Array($0) }
        case .v6(let b, _): return b
        }
    }

    /// `ip:port`, with brackets around IPv6.
    public var description: String {
        if case .v6 = self { return "[\(ipString)]:\(port)" }
        return "\(ipString):\(port)"
    }

    /// Calls `body` with this address as a `sockaddr` and its length.
    public func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(IOError) -> R) throws(IOError) -> R {
        switch self {
        case .v4(let a, let p):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = p.bigEndian
            sin.sin_addr = in_addr(s_addr: a)
            return try withUnsafePointer(to: &sin) { ptr throws(IOError) in
                try ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(IOError) in
                    try body(sa, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(let bytes, let p):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = p.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: bytes) }
            return try withUnsafePointer(to: &sin6) { ptr throws(IOError) in
                try ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(IOError) in
                    try body(sa, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }
}
