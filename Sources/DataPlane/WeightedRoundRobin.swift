/// Smooth weighted round-robin over one backend's endpoints (nginx's algorithm): each pick
/// adds every weight to its running score and takes the highest, so a 5:1:1 split
/// interleaves instead of bursting.
///
/// Per worker and keyed by backend name (see `LoadBalancer`), so it survives snapshot swaps;
/// it resets when the endpoint list changes.
public struct WeightedRoundRobin: Sendable {
    private var weights: [Int]
    private var scores: [Int]
    private var total: Int
    private var uniformNext = 0
    private let uniform: Bool

    /// - Parameter weights: one weight per endpoint, in the snapshot's order (0 counts as 1).
    public init(weights: [UInt32]) {
        self.weights = weights.map { max(1, Int($0)) }
        scores = Array(repeating: 0, count: weights.count)
        total = self.weights.reduce(0, +)
        uniform = Set(self.weights).count <= 1
    }

    /// The number of endpoints this state was built for.
    public var count: Int { weights.count }

    /// The next endpoint index, skipping `excluded` ones (already tried for this request);
    /// nil when every endpoint is excluded or there are none.
    public mutating func next(excluding excluded: [Int] = []) -> Int? {
        var mask: UInt64 = 0
        for i in excluded { mask |= Self.bit(i) }
        return next(excludingMask: mask)
    }

    /// The bit standing for endpoint `i` in an exclusion mask (wraps past 64).
    @inline(__always) static func bit(_ i: Int) -> UInt64 { 1 << UInt64(i & 63) }

    /// `next(excluding:)` with the tried endpoints as a bit mask (no allocation).
    public mutating func next(excludingMask excluded: UInt64) -> Int? {
        let n = weights.count
        guard n > 0 else { return nil }
        if uniform {
            for _ in 0..<n {
                let i = uniformNext
                uniformNext = uniformNext + 1 == n ? 0 : uniformNext + 1
                if excluded & Self.bit(i) == 0 { return i }
            }
            return nil
        }
        var best = -1
        var activeTotal = 0
        for i in 0..<n where excluded & Self.bit(i) == 0 {
            scores[i] += weights[i]
            activeTotal += weights[i]
            if best < 0 || scores[i] > scores[best] { best = i }
        }
        guard best >= 0 else { return nil }
        scores[best] -= activeTotal
        _ = total
        return best
    }
}
