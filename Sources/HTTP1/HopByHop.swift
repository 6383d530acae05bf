/// Decides which fields are hop-by-hop and must not be forwarded by a proxy
/// (RFC 9110 §7.6.1): the fixed set plus every name listed in `Connection`.
public enum HopByHop {
    /// Whether `name` (any case) is in the fixed hop-by-hop set: Connection, Keep-Alive,
    /// Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade.
    @inlinable
    public static func isFixedHopByHop(_ base: UnsafeRawPointer, _ start: Int, _ count: Int) -> Bool {
        switch count {
        case 2: ASCII.equalsIgnoringCase(base, start, 2, "te")
        case 7:
            ASCII.equalsIgnoringCase(base, start, 7, "upgrade")
                || ASCII.equalsIgnoringCase(base, start, 7, "trailer")
        case 10:
            ASCII.equalsIgnoringCase(base, start, 10, "connection")
                || ASCII.equalsIgnoringCase(base, start, 10, "keep-alive")
        case 16: ASCII.equalsIgnoringCase(base, start, 16, "proxy-connection")
        case 17: ASCII.equalsIgnoringCase(base, start, 17, "transfer-encoding")
        default: false
        }
    }

    /// Whether a field name (any case) is in the fixed hop-by-hop set.
    public static func isFixedHopByHop(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { n in
            guard let base = n.baseAddress else { return false }
            return isFixedHopByHop(UnsafeRawPointer(base), 0, n.count)
        }
    }

    /// Whether `field` of `head` is hop-by-hop: in the fixed set or listed in Connection.
    public static func isHopByHop<Head: HTTPMessageHead>(_ field: HTTPField, in head: Head) -> Bool {
        head.bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return false }
            let r = field.name
            return isFixedHopByHop(base, r.lowerBound, r.count)
                || head.connectionListsOption(base, r.lowerBound, r.count)
        }
    }
}
