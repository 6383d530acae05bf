/// A value that goes up and down, for one label set.
///
/// Two ways to drive it, not to be mixed on one gauge: `set`/`add` from any thread (the
/// controller: generation, timestamps), or `increment(worker:)`/`decrement(worker:)` from the
/// owning worker thread (the data plane: open connections), summed on scrape like a counter.
public final class Gauge: Sendable {
    // Cell 0 of every shard: a signed integer delta in two's complement (worker updates).
    // Cell 1 of the shared shard: the `Double` bit pattern of the value set from any thread.
    @usableFromInline let cells: ShardedCells

    init(workerCount: Int) {
        cells = ShardedCells(cellsPerShard: 2, workerCount: workerCount)
    }

    /// Sets the value from any thread.
    public func set(_ value: Double) {
        cells.store(value.bitPattern, at: cells.sharedIndex(cell: 1))
    }

    /// Sets the value from any thread.
    public func set(_ value: Int) { set(Double(value)) }

    /// Adds `delta` (which may be negative) from any thread.
    public func add(_ delta: Double) {
        cells.addSharedDouble(delta, at: cells.sharedIndex(cell: 1))
    }

    /// Adds one from the thread that owns worker `worker`.
    @inlinable @inline(__always)
    public func increment(worker: Int) {
        cells.addOwned(1, at: cells.index(worker: worker, cell: 0))
    }

    /// Subtracts one from the thread that owns worker `worker`.
    @inlinable @inline(__always)
    public func decrement(worker: Int) {
        cells.addOwned(UInt64(bitPattern: -1), at: cells.index(worker: worker, cell: 0))
    }

    /// Adds a signed integer `delta` from the thread that owns worker `worker`.
    @inlinable @inline(__always)
    public func add(_ delta: Int64, worker: Int) {
        cells.addOwned(UInt64(bitPattern: delta), at: cells.index(worker: worker, cell: 0))
    }

    /// The merged value: the value set plus every worker's delta.
    public var value: Double {
        let deltas = Int64(bitPattern: cells.sum(cell: 0))
        let setValue = Double(bitPattern: cells.load(cells.sharedIndex(cell: 1)))
        return setValue + Double(deltas)
    }
}
