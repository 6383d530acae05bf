import Reactor

/// An address block such as `10.0.0.0/8` or `fd00::/8`, for `--trusted-proxies`.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// Network address bytes (4 or 16), host bits cleared.
    public let network: [UInt8]
    /// Prefix length in bits.
    public let prefixLength: Int

    /// Why a CIDR string was refused.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        /// The text as given.
        public var input: String
        public var description: String {
            "invalid CIDR \"\(input)\": expected an IP address with an optional /prefix, e.g. 10.0.0.0/8 or ::1/128"
        }
    }

    /// Parses `addr/len` or a bare address (a /32 or /128).
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let ip = try? SocketAddress(host: String(parts[0]), port: 0) else { throw ParseError(input: text) }
        let bytes = ip.addressBytes
        let maxBits = bytes.count * 8
        var length = maxBits
        if parts.count == 2 {
            guard let l = Int(parts[1]), l >= 0, l <= maxBits, !parts[1].isEmpty else { throw ParseError(input: text) }
            length = l
        }
        network = CIDR.mask(bytes, length)
        prefixLength = length
    }

    private static func mask(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<out.count {
            let bitsHere = max(0, min(8, length - i * 8))
            out[i] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
        }
        return out
    }

    /// Whether an address (4 or 16 bytes) lies in this block. IPv4-mapped IPv6 addresses
    /// (`::ffff:a.b.c.d`) match IPv4 blocks.
    public func contains(_ address: [UInt8]) -> Bool {
        var a = address
        if a.count == 16 && network.count == 4 && a[0..<10].allSatisfy({ $0 == 0 }) && a[10] == 0xFF && a[11] == 0xFF {
            a = Array(a[12..<16])
        }
        guard a.count == network.count else { return false }
        return CIDR.mask(a, prefixLength) == network
    }

    public var description: String {
        let ip = network.count == 4
            ? SocketAddress.v4(address: network.withUnsafeBytes { $0.load(as: UInt32.self) }, port: 0)
            : SocketAddress.v6(address: network, port: 0)
        return "\(ip.ipString)/\(prefixLength)"
    }
}
