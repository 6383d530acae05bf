import Reactor

/// X-Request-ID: an incoming one is kept when it is a sane token, else a fresh one is made.
public enum RequestID {
    /// Whether an incoming id is safe to forward and log: 1 to 128 bytes of letters, digits
    /// and `-_.:+=/` (enough for UUIDs, hex, base64 and trace ids; no spaces, quotes or controls).
    public static func isSane(_ value: some Collection<UInt8>) -> Bool {
        guard !value.isEmpty, value.count <= 128 else { return false }
        return value.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A || b == 0x2B || b == 0x3D || b == 0x2F
        }
    }
}

/// A per-worker generator of 32-hex-digit request ids (xoshiro-style, seeded from the
/// kernel): unique enough for correlation, no syscall or lock per request.
public struct RequestIDGenerator {
    private var s0: UInt64
    private var s1: UInt64

    public init() {
        let seed = SystemRandom.seed()
        s0 = seed.0 | 1
        s1 = seed.1 ^ 0x9E37_79B9_7F4A_7C15
    }

    private mutating func next() -> UInt64 {
        // xorshift128+
        var x = s0
        let y = s1
        s0 = y
        x ^= x << 23
        s1 = x ^ y ^ (x >> 17) ^ (y >> 26)
        return s1 &+ y
    }

    /// A fresh id as 128 raw bits (rendered as hex where it is written).
    mutating func makeRaw() -> (UInt64, UInt64) {
        var r = (next(), next())
        if r == (0, 0) { r.0 = 1 }
        return r
    }

    /// Random bits for a new trace (`TraceParent.start`): trace id high/low and parent id.
    mutating func makeTrace() -> (UInt64, UInt64, UInt64) { (next(), next(), next()) }

    /// A fresh id: 32 lowercase hex digits.
    public mutating func make() -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var a = next(), b = next()
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 { out[i] = hex[Int(a & 0xF)]; a >>= 4 }
        for i in 16..<32 { out[i] = hex[Int(b & 0xF)]; b >>= 4 }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A request's id without building a String on the request path: the incoming bytes (a
/// slice of the head, no copy) or 128 generated bits rendered as hex when written.
struct RequestIDValue {
    var incoming: ArraySlice<UInt8>?
    var generated: (UInt64, UInt64) = (0, 0)

    init() {}
    init(incoming: ArraySlice<UInt8>) { self.incoming = incoming }
    init(generated: (UInt64, UInt64)) { self.generated = generated }
    /// From text (tests, tools).
    init(text: String) { incoming = ArraySlice(Array(text.utf8)) }

    var isEmpty: Bool { incoming == nil && generated == (0, 0) }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the id's bytes.
    func append(to out: inout [UInt8]) {
        if let incoming { out.append(contentsOf: incoming); return }
        var a = generated.0, b = generated.1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { t in
            Self.hex.withUnsafeBufferPointer { hex in
                for i in 0..<16 { t[i] = hex[Int(a & 0xF)]; a >>= 4 }
                for i in 16..<32 { t[i] = hex[Int(b & 0xF)]; b >>= 4 }
            }
            out.append(contentsOf: t)
        }
    }

    /// Writes the id's bytes.
    func write(to w: inout ByteWriter) {
        if let incoming { w.write(incoming); return }
        var a = generated.0, b = generated.1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { t in
            Self.hex.withUnsafeBufferPointer { hex in
                for i in 0..<16 { t[i] = hex[Int(a & 0xF)]; a >>= 4 }
                for i in 16..<32 { t[i] = hex[Int(b & 0xF)]; b >>= 4 }
            }
            w.write(UnsafeRawBufferPointer(t))
        }
    }

    /// The id as text (error pages and the access log only).
    var string: String {
        var b: [UInt8] = []
        b.reserveCapacity(32)
        append(to: &b)
        return String(decoding: b, as: UTF8.self)
    }
}
