import HTTP1

/// Request-head parser storage (field table and head bytes) for one worker's connections:
/// a connection lends its parser's storage back here when it goes idle and borrows some
/// when the next head arrives, so idle keep-alive connections hold none and busy ones
/// still parse without allocating. Bounded; loop-confined.
final class HeadStoragePool {
    private var free: [HeadParserStorage] = []
    private let maxFree: Int

    init(maxFree: Int = 256) {
        self.maxFree = maxFree
        free.reserveCapacity(maxFree)
    }

    /// Storage to lend a parser, nil when none is pooled (the parser then allocates).
    @inline(__always)
    func take() -> HeadParserStorage? { free.popLast() }

    /// Takes storage back (dropped when the pool is full).
    @inline(__always)
    func give(_ s: HeadParserStorage) {
        if free.count < maxFree { free.append(s) }
    }

    /// Storage waiting for reuse (tests).
    var freeCount: Int { free.count }
}
