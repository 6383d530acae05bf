#if canImport(Glibc)
import Glibc
#endif

/// Turns a DNS name into IP address literals with the C library's resolver.
///
/// `getaddrinfo` blocks (files, then DNS, per `/etc/nsswitch.conf`), so it only ever runs
/// on the controller's lookup threads, never on an event-loop worker.
public enum HostNameLookup {
    /// The addresses `getaddrinfo` gives for `name` (IPv4 and IPv6, sorted, de-duplicated),
    /// or nil when the name does not resolve. `AI_ADDRCONFIG` leaves out a family the host
    /// has no address of, so an IPv6 answer is not published to an IPv4-only node.
    @Sendable public static func system(_ name: String) -> [String]? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(first) }
        var found = Set<String>()
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let address = info.pointee.ai_addr, let text = numericHost(address, length: info.pointee.ai_addrlen) {
                found.insert(text)
            }
            cursor = info.pointee.ai_next
        }
        return found.isEmpty ? nil : found.sorted()
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        // A link-local IPv6 answer carries `%zone`, which no endpoint can use across hosts.
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.contains("%") ? nil : text
    }

    /// True for an IPv4 or IPv6 literal (what the data plane connects to), false for a name.
    public static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
