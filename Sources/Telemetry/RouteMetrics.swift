import Synchronization

/// Every request metric of one route, resolved once when a snapshot introduces the route and
/// kept by the data plane beside it, so recording a request does no label lookup.
///
/// The request counter has one child per method class and status class; each is created on
/// first use (one registry lookup, then published in a lock-free slot), so only combinations
/// that occurred appear in the scrape.
public final class RouteMetrics: @unchecked Sendable {
    // @unchecked Sendable: `slots` is allocated once in init and freed in deinit; every slot
    // is an `Atomic` holding 0 or a retained `Counter` reference that is never replaced
    // once set (compare-exchange from 0), so sharing it across threads is safe.
    // (Not `AtomicLazyReference`: its `load()` is an unspecialized generic call, ~100 ns.)

    /// Total time from the first request byte to the last response byte, in seconds.
    public let requestDuration: Histogram
    /// Time from sending the request upstream to the upstream's last response byte.
    public let upstreamDuration: Histogram
    /// Request body size in bytes.
    public let requestSize: Histogram
    /// Response body size in bytes.
    public let responseSize: Histogram

    private let labels: RouteLabels
    private let requestsFamily: CounterFamily
    private let slots: UnsafeMutablePointer<Atomic<UInt>>
    // Counted once: `allCases` builds an array on every use.
    private static let statusCount = StatusClass.allCases.count
    private static let slotCount = MethodClass.allCases.count * statusCount

    init(labels: RouteLabels, metrics: PorticoMetrics) {
        self.labels = labels
        let v = labels.values
        requestsFamily = metrics.httpRequests
        requestDuration = metrics.httpRequestDuration.labels(v)
        upstreamDuration = metrics.upstreamResponseDuration.labels(v)
        requestSize = metrics.httpRequestSize.labels(v)
        responseSize = metrics.httpResponseSize.labels(v)
        slots = .allocate(capacity: Self.slotCount)
        for i in 0..<Self.slotCount { (slots + i).initialize(to: Atomic(0)) }
    }

    deinit {
        for i in 0..<Self.slotCount {
            let bits = slots[i].load(ordering: .relaxed)
            if let p = UnsafeRawPointer(bitPattern: bits) { Unmanaged<Counter>.fromOpaque(p).release() }
        }
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
    }

    /// The request counter child for a method class and status class.
    public func requests(method: MethodClass, status: StatusClass) -> Counter {
        let i = method.rawValue &* Self.statusCount &+ status.rawValue
        let bits = slots[i].load(ordering: .acquiring)
        if let p = UnsafeRawPointer(bitPattern: bits) {
            return Unmanaged<Counter>.fromOpaque(p).takeUnretainedValue()
        }
        let c = requestsFamily.labels(labels.values + [method.label, status.label])
        let mine = Unmanaged.passRetained(c)
        let (stored, _) = slots[i].compareExchange(
            expected: 0, desired: UInt(bitPattern: mine.toOpaque()), ordering: .acquiringAndReleasing)
        // A racing thread stored first; the family returns the same child for the same
        // labels, so `c` is still the right counter: only drop the extra retain.
        if !stored { mine.release() }
        return c
    }

    /// Records one finished request from worker `worker`: its count, duration and sizes.
    /// `upstreamSeconds` is nil when no upstream was contacted (e.g. a 404 or an auth denial).
    public func record(method: MethodClass, statusCode: Int, durationSeconds: Double,
                       upstreamSeconds: Double?, requestBytes: Int, responseBytes: Int, worker: Int) {
        requests(method: method, status: StatusClass(code: statusCode)).increment(worker: worker)
        requestDuration.observe(durationSeconds, worker: worker)
        if let upstreamSeconds { upstreamDuration.observe(upstreamSeconds, worker: worker) }
        requestSize.observe(Double(requestBytes), worker: worker)
        responseSize.observe(Double(responseBytes), worker: worker)
    }
}
