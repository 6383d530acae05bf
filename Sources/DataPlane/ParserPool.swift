import HTTP1

/// Request-head parsers for one worker's connections. A connection holds one only while a
/// head is arriving or being served; an idle keep-alive connection holds none, and the
/// parser it gives back keeps its field table and byte storage for the next connection, so
/// busy connections still parse without allocating. Bounded; loop-confined.
///
/// Raw records rather than class instances, for in-place access with no retain/release.
final class ParserPool {
    private let limits: HTTPParserLimits
    private var free: [UnsafeMutablePointer<RequestHeadParser>] = []
    private let maxFree: Int
    /// Parsers held by connections now (tests, diagnostics).
    private(set) var inUse = 0

    init(limits: HTTPParserLimits, maxFree: Int = 128) {
        self.limits = limits
        self.maxFree = maxFree
        free.reserveCapacity(maxFree)
    }

    deinit {
        for p in free { p.deinitialize(count: 1); p.deallocate() }
    }

    /// A parser ready for a new head.
    @inline(__always)
    func take() -> UnsafeMutablePointer<RequestHeadParser> {
        inUse += 1
        if let p = free.popLast() { return p }
        let p = UnsafeMutablePointer<RequestHeadParser>.allocate(capacity: 1)
        p.initialize(to: RequestHeadParser(limits: limits))
        return p
    }

    /// Takes a parser back, reset. Call after the last head it returned is dropped: a head
    /// shares the parser's storage, and resetting a shared table copies it.
    @inline(__always)
    func give(_ p: UnsafeMutablePointer<RequestHeadParser>) {
        inUse -= 1
        if free.count < maxFree {
            p.pointee.reset()
            free.append(p)
        } else {
            p.deinitialize(count: 1)
            p.deallocate()
        }
    }

    /// Parsers waiting for reuse (tests).
    var freeCount: Int { free.count }
}
