/// An open-addressing table from a 64-bit hash to a small integer, for `RouteIndex`.
///
/// The keys are already FNV-1a hashes of the path bytes, so probing uses them directly
/// instead of hashing them again with SipHash as `Dictionary` would; callers confirm
/// every hit by comparing bytes, so the table never has to be exact about collisions.
struct HashSlots: Sendable {
    /// Slot keys; 0 marks an empty slot (a real hash of 0 is stored as 1).
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int

    /// A table sized for `count` entries at a load factor of at most one half.
    init(capacityFor count: Int) {
        var size = 8
        while size < count * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func key(_ h: UInt64) -> UInt64 { h == 0 ? 1 : h }

    /// The value stored for `h`, if any.
    @inline(__always)
    func value(for h: UInt64) -> Int? {
        let k = Self.key(h)
        var i = Int(truncatingIfNeeded: k ^ (k >> 29)) & mask
        while true {
            let slot = keys[i]
            if slot == k { return Int(values[i]) }
            if slot == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `h` unless `h` already has one; returns whether it was stored.
    mutating func insertIfAbsent(_ h: UInt64, _ value: Int) -> Bool {
        let k = Self.key(h)
        var i = Int(truncatingIfNeeded: k ^ (k >> 29)) & mask
        while keys[i] != 0 {
            if keys[i] == k { return false }
            i = (i + 1) & mask
        }
        keys[i] = k
        values[i] = Int32(truncatingIfNeeded: value)
        return true
    }
}
