/// A distribution of observed values for one label set: counts per bucket, sum and count,
/// sharded per worker like `Counter`.
public final class Histogram: Sendable {
    /// Finite upper bounds, strictly increasing; the `+Inf` bucket is implicit.
    public let upperBounds: [Double]
    // Per shard: cells 0...upperBounds.count hold the (non-cumulative) count of each bucket,
    // the last of them being `+Inf`; the next cell holds the `Double` bit pattern of the sum.
    // The count is the sum of the buckets, so `_count` always equals the `+Inf` bucket.
    @usableFromInline let cells: ShardedCells
    @usableFromInline let bounds: ContiguousArray<Double>

    init(upperBounds: [Double], workerCount: Int) {
        self.upperBounds = upperBounds
        self.bounds = ContiguousArray(upperBounds)
        cells = ShardedCells(cellsPerShard: upperBounds.count + 2, workerCount: workerCount)
    }

    /// The bucket that `value` falls in: the first bound >= value (`le` is inclusive).
    @inlinable @inline(__always)
    func bucket(for value: Double) -> Int {
        var lo = 0
        var hi = bounds.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if value <= bounds[mid] { hi = mid } else { lo = mid &+ 1 }
        }
        return lo
    }

    /// Records `value` from the thread that owns worker `worker`. NaN is ignored.
    @inlinable
    public func observe(_ value: Double, worker: Int) {
        if value.isNaN { return }
        let b = bucket(for: value)
        cells.addOwned(1, at: cells.index(worker: worker, cell: b))
        cells.addOwnedDouble(value, at: cells.index(worker: worker, cell: bounds.count &+ 1))
    }

    /// Records `value` from any thread. NaN is ignored.
    public func observe(_ value: Double) {
        if value.isNaN { return }
        let b = bucket(for: value)
        cells.addShared(1, at: cells.sharedIndex(cell: b))
        cells.addSharedDouble(value, at: cells.sharedIndex(cell: bounds.count + 1))
    }

    /// Merged state: cumulative bucket counts (the last one is `+Inf`), sum and count.
    public var state: HistogramState {
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(upperBounds.count + 1)
        var running: UInt64 = 0
        for b in 0...upperBounds.count {
            running &+= cells.sum(cell: b)
            cumulative.append(running)
        }
        return HistogramState(cumulativeCounts: cumulative,
                              sum: cells.sumDouble(cell: upperBounds.count + 1),
                              count: running)
    }
}

/// A merged reading of a `Histogram`.
public struct HistogramState: Sendable, Equatable {
    /// Cumulative counts per bucket, aligned with the upper bounds, then `+Inf`.
    public var cumulativeCounts: [UInt64]
    /// Sum of all observed values.
    public var sum: Double
    /// Number of observations.
    public var count: UInt64
}

/// Bucket layouts for histograms.
public enum HistogramBuckets {
    /// Latencies from 1 ms to 30 s, observed in seconds.
    public static let latency: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
    ]
    /// Message sizes from 100 B to 100 MB, observed in bytes.
    public static let size: [Double] = [
        100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
    ]

    /// `count` bounds starting at `start`, each `factor` times the previous.
    public static func exponential(start: Double, factor: Double, count: Int) -> [Double] {
        precondition(start > 0 && factor > 1 && count > 0)
        var out: [Double] = []
        var v = start
        for _ in 0..<count { out.append(v); v *= factor }
        return out
    }
}
