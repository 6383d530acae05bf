import Reactor

/// Resolves the client address and the `X-Forwarded-For` value to send upstream.
///
/// An incoming X-Forwarded-For is believed only when the connecting peer is a trusted
/// proxy; then the client is the right-most entry that is not itself trusted (entries to
/// its left could be forged by the client). This is nginx's `real_ip_recursive on`.
public enum ClientAddress {
    /// The outcome: who the client is, and the X-Forwarded-For to forward.
    public struct Resolution: Equatable, Sendable {
        /// The address policies and logs treat as the client's.
        public var client: String
        /// The X-Forwarded-For value for the upstream request.
        public var forwardedFor: String
        /// Whether the peer was trusted (then its X-Forwarded-Proto/Host/Port are kept).
        public var peerTrusted: Bool
    }

    /// - Parameters:
    ///   - peer: the IP literal of the TCP peer.
    ///   - incoming: the request's X-Forwarded-For values in order (several lines join with commas).
    ///   - trusted: the `--trusted-proxies` blocks.
    public static func resolve(peer: String, peerBytes: [UInt8], incoming: [String], trusted: [CIDR]) -> Resolution {
        let peerTrusted = !trusted.isEmpty && trusted.contains { $0.contains(peerBytes) }
        guard peerTrusted, !incoming.isEmpty else {
            return Resolution(client: peer, forwardedFor: peer, peerTrusted: peerTrusted)
        }
        let entries = incoming.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
        var client = peer
        for entry in entries.reversed() {
            client = entry
            guard let a = try? SocketAddress(host: entry, port: 0),
                  trusted.contains(where: { $0.contains(a.addressBytes) }) else { break }
        }
        let joined = entries.joined(separator: ", ")
        return Resolution(client: client, forwardedFor: joined.isEmpty ? peer : joined + ", " + peer, peerTrusted: true)
    }
}

extension Substring {
    /// Drops leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
