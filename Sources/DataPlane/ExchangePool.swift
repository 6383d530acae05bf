/// Exchange records for one worker's connections. A connection holds a record only while a
/// request is in flight; between requests it points at `blank`, so an idle keep-alive
/// connection carries one pointer instead of a whole `Exchange` (nginx likewise allocates
/// its per-request `ngx_http_request_t` per request, not per connection).
///
/// Records are raw allocations rather than class instances so that `DownstreamConnection.ex`
/// reads and writes them in place, with no retain/release per access. Loop-confined.
final class ExchangePool {
    /// The record every idle connection points at: always blank, never written
    /// (`DownstreamConnection.ex` asserts that in debug builds).
    let blank: UnsafeMutablePointer<Exchange>
    private var free: [UnsafeMutablePointer<Exchange>] = []
    private let maxFree: Int
    /// Records held by connections now (tests, diagnostics).
    private(set) var inUse = 0

    init(maxFree: Int = 256) {
        self.maxFree = maxFree
        blank = .allocate(capacity: 1)
        blank.initialize(to: Exchange())
        free.reserveCapacity(maxFree)
    }

    deinit {
        for p in free { p.deinitialize(count: 1); p.deallocate() }
        blank.deinitialize(count: 1)
        blank.deallocate()
    }

    /// A blank record for a request that starts.
    @inline(__always)
    func take() -> UnsafeMutablePointer<Exchange> {
        inUse += 1
        if let p = free.popLast() { return p }
        let p = UnsafeMutablePointer<Exchange>.allocate(capacity: 1)
        p.initialize(to: Exchange())
        return p
    }

    /// Takes back a record: blanked here, which lets go of the request head, balancer and
    /// metric handles it referenced.
    @inline(__always)
    func give(_ p: UnsafeMutablePointer<Exchange>) {
        inUse -= 1
        p.pointee = Exchange()
        if free.count < maxFree {
            free.append(p)
        } else {
            p.deinitialize(count: 1)
            p.deallocate()
        }
    }

    /// Records waiting for reuse (tests).
    var freeCount: Int { free.count }
}
