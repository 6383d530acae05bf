/// Free buffer blocks of one size, kept by one loop so connections that go idle and wake up
/// again reuse memory instead of calling malloc/free per request. Bounded: beyond
/// `maxFree` blocks, released ones go back to the allocator.
///
/// Loop-confined like everything a loop owns (not Sendable).
public final class BufferPool {
    /// The size of every block.
    public let capacity: Int
    private let maxFree: Int
    private var free: [UnsafeMutableRawPointer] = []
    /// Blocks handed out and not yet given back (held by buffers now).
    public private(set) var inUse = 0

    public init(capacity: Int, maxFree: Int = 64) {
        self.capacity = capacity
        self.maxFree = maxFree
        free.reserveCapacity(maxFree)
    }

    deinit { for p in free { p.deallocate() } }

    /// A block of `capacity` bytes.
    @inline(__always)
    func take() -> UnsafeMutableRawPointer {
        inUse &+= 1
        if let p = free.popLast() { return p }
        return UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    /// Returns a block taken from this pool.
    @inline(__always)
    func give(_ p: UnsafeMutableRawPointer) {
        inUse &-= 1
        if free.count < maxFree { free.append(p) } else { p.deallocate() }
    }

    /// Blocks waiting for reuse (tests).
    public var freeCount: Int { free.count }
}
