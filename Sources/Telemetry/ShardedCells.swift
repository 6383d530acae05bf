import Synchronization

/// Per-worker blocks of 64-bit cells, one cache-line-aligned block per shard, merged on scrape.
///
/// Shards `0..<workerCount` belong to the data-plane workers: each is written only by the
/// thread that owns that worker, so an update is a relaxed load and a relaxed store (a plain
/// `mov` on x86-64 and arm64, no locked instruction) and no two workers ever write the same
/// cache line. The last shard is shared by every other thread and updated with atomic
/// read-modify-write. A scrape reads every cell with relaxed loads and sums the shards
/// (Envoy's thread-local store, `source/common/stats/thread_local_store.h`).
@usableFromInline
final class ShardedCells: @unchecked Sendable {
    // @unchecked Sendable: `base` is allocated once in init, never reallocated, freed only in
    // deinit, and every access to its memory goes through `Atomic`, so sharing it is safe.

    /// Cells per shard, rounded up to a whole number of 64-byte cache lines.
    @usableFromInline let stride: Int
    /// Number of worker shards; the shared shard has index `workerCount`.
    @usableFromInline let workerCount: Int
    @usableFromInline let base: UnsafeMutablePointer<Atomic<UInt64>>
    private let total: Int

    /// Cells per 64-byte cache line.
    static let cellsPerLine = 8

    init(cellsPerShard: Int, workerCount: Int) {
        precondition(cellsPerShard > 0 && workerCount >= 0)
        let line = Self.cellsPerLine
        self.stride = (cellsPerShard + line - 1) / line * line
        self.workerCount = workerCount
        self.total = stride * (workerCount + 1)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: total * MemoryLayout<UInt64>.stride, alignment: 64)
        base = raw.bindMemory(to: Atomic<UInt64>.self, capacity: total)
        for i in 0..<total { (base + i).initialize(to: Atomic(0)) }
    }

    deinit {
        base.deinitialize(count: total)
        UnsafeMutableRawPointer(base).deallocate()
    }

    /// Index of `cell` in the shard of `worker`; traps on a worker number out of range
    /// (a wrong index would write into another worker's memory).
    @inlinable @inline(__always)
    func index(worker: Int, cell: Int) -> Int {
        precondition(worker >= 0 && worker < workerCount, "worker index out of range")
        return worker &* stride &+ cell
    }

    /// Index of `cell` in the shared shard.
    @inlinable @inline(__always)
    func sharedIndex(cell: Int) -> Int { workerCount &* stride &+ cell }

    /// Adds to a cell of a worker shard: single writer, so no read-modify-write is needed.
    @inlinable @inline(__always)
    func addOwned(_ n: UInt64, at i: Int) {
        let old = base[i].load(ordering: .relaxed)
        base[i].store(old &+ n, ordering: .relaxed)
    }

    /// Adds to a cell of the shared shard from any thread.
    @inlinable @inline(__always)
    func addShared(_ n: UInt64, at i: Int) {
        base[i].wrappingAdd(n, ordering: .relaxed)
    }

    /// Adds to a cell holding a `Double` bit pattern, owned by one writer.
    @inlinable @inline(__always)
    func addOwnedDouble(_ x: Double, at i: Int) {
        let old = Double(bitPattern: base[i].load(ordering: .relaxed))
        base[i].store((old + x).bitPattern, ordering: .relaxed)
    }

    /// Adds to a cell holding a `Double` bit pattern from any thread (compare-and-swap loop).
    @inlinable
    func addSharedDouble(_ x: Double, at i: Int) {
        var old = base[i].load(ordering: .relaxed)
        while true {
            let new = (Double(bitPattern: old) + x).bitPattern
            let (exchanged, original) = base[i].compareExchange(
                expected: old, desired: new, ordering: .relaxed)
            if exchanged { return }
            old = original
        }
    }

    /// Stores a value into a shared cell.
    func store(_ v: UInt64, at i: Int) { base[i].store(v, ordering: .relaxed) }

    /// Reads one cell.
    func load(_ i: Int) -> UInt64 { base[i].load(ordering: .relaxed) }

    /// Sum of `cell` over every shard, worker and shared, with wrapping arithmetic (so signed
    /// deltas stored as two's complement add up correctly).
    func sum(cell: Int) -> UInt64 {
        var total: UInt64 = 0
        for shard in 0...workerCount {
            total &+= base[shard &* stride &+ cell].load(ordering: .relaxed)
        }
        return total
    }

    /// Sum of a `Double`-bit-pattern cell over every shard.
    func sumDouble(cell: Int) -> Double {
        var total = 0.0
        for shard in 0...workerCount {
            total += Double(bitPattern: base[shard &* stride &+ cell].load(ordering: .relaxed))
        }
        return total
    }
}
