/// A monotonically increasing count for one label set, sharded per worker and merged on scrape.
///
/// Data-plane workers call `increment(worker:)` with their own worker index (no locked
/// instruction, no shared cache line); any other thread calls `increment()`.
public final class Counter: Sendable {
    @usableFromInline let cells: ShardedCells

    init(workerCount: Int) {
        cells = ShardedCells(cellsPerShard: 1, workerCount: workerCount)
    }

    /// Adds `n` from the thread that owns worker `worker` (and only from that thread).
    @inlinable @inline(__always)
    public func increment(by n: UInt64 = 1, worker: Int) {
        cells.addOwned(n, at: cells.index(worker: worker, cell: 0))
    }

    /// Adds `n` from any thread (one atomic add on the shared shard).
    @inlinable @inline(__always)
    public func increment(by n: UInt64 = 1) {
        cells.addShared(n, at: cells.sharedIndex(cell: 0))
    }

    /// The merged value over all shards, as a scrape sees it.
    public var value: UInt64 { cells.sum(cell: 0) }
}
