/// A token bucket: `burst` events at once, then one per `interval` (client-go's event
/// spam filter uses the same shape). Pure: the caller passes the time.
public struct EventRateLimiter: Sendable {
    /// Most tokens the bucket holds.
    public let burst: Int
    /// Time to earn one token.
    public let interval: Duration
    private var tokens: Double
    private var last: ContinuousClock.Instant?

    public init(burst: Int = 25, interval: Duration = .seconds(1)) {
        self.burst = max(1, burst)
        self.interval = interval
        self.tokens = Double(max(1, burst))
    }

    /// Takes a token if one is available at `now`.
    public mutating func allow(now: ContinuousClock.Instant) -> Bool {
        if let last {
            let earned = (now - last) / interval
            tokens = min(Double(burst), tokens + earned)
        }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
