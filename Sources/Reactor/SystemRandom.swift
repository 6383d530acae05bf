import CLinux

/// Kernel randomness (getrandom(2)), for seeding per-worker generators.
public enum SystemRandom {
    /// Sixteen random bytes as two words; falls back to the clock if the call fails.
    public static func seed() -> (UInt64, UInt64) {
        var seed: (UInt64, UInt64) = (0, 0)
        let n = withUnsafeMutableBytes(of: &seed) { getrandom($0.baseAddress, 16, 0) }
        if n != 16 { seed = (UInt64(bitPattern: clinux_realtime_ns()), UInt64(bitPattern: clinux_monotonic_ns())) }
        return seed
    }
}
