/// Exponential back-off with jitter, capped (client-go's reflector uses the same shape):
/// attempt n waits a random time in [d/2, d] where d = min(initial * 2^n, maximum).
public struct Backoff: Sendable, Hashable {
    /// Delay after the first failure.
    public var initial: Duration
    /// Upper bound on any delay.
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The ceiling for `attempt` (0-based), before jitter.
    public func ceiling(attempt: Int) -> Duration {
        var d = initial
        for _ in 0..<min(max(attempt, 0), 40) {
            d = d * 2
            if d >= maximum { return maximum }
        }
        return min(d, maximum)
    }

    /// The delay for `attempt`, with `unit` in [0, 1] choosing the point in [ceiling/2, ceiling].
    public func delay(attempt: Int, unit: Double) -> Duration {
        let c = ceiling(attempt: attempt)
        let clamped = min(max(unit, 0), 1)
        return c / 2 + (c / 2) * clamped
    }

    /// The delay for `attempt` with a random jitter.
    public func delay(attempt: Int) -> Duration {
        delay(attempt: attempt, unit: Double.random(in: 0...1))
    }
}
