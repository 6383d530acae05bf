import Synchronization

/// Client contexts by configuration, so every HTTPS backend sharing a CA bundle shares one
/// `SSL_CTX` (and the bundle is parsed once, not per connection or per snapshot).
///
/// Shared by all loops; the lock is taken once per new upstream connection, not per request.
/// Bounded: past `capacity` distinct configurations (CA bundles rotating through many
/// snapshots) the cache starts over, which only costs a reload.
public final class TLSClientContextCache: Sendable {
    private let contexts = Mutex<[TLSClientConfiguration: TLSClientContext]>([:])
    /// Upstream handshake counters shared by every context this cache makes.
    public let metrics: TLSMetrics
    /// Most distinct configurations kept.
    public let capacity: Int

    public init(capacity: Int = 256, metrics: TLSMetrics = TLSMetrics()) {
        self.capacity = max(capacity, 1)
        self.metrics = metrics
    }

    /// The context for `configuration`, built on first use.
    public func context(for configuration: TLSClientConfiguration) throws(TLSError) -> TLSClientContext {
        if let cached = contexts.withLock({ $0[configuration] }) { return cached }
        // Built outside the lock: parsing a CA bundle must not stall other loops.
        let made = try TLSClientContext(configuration: configuration, metrics: metrics)
        return contexts.withLock { cache in
            if let raced = cache[configuration] { return raced }
            if cache.count >= capacity { cache.removeAll() }
            cache[configuration] = made
            return made
        }
    }

    /// Convenience for a snapshot backend: verification from `upstreamCAPEM`.
    public func context(trustedCAPEM: [UInt8]?) throws(TLSError) -> TLSClientContext {
        try context(for: TLSClientConfiguration(trustedCAPEM: trustedCAPEM))
    }
}
