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
        let n = weights.count
        guard n > 0, excluded.count < n else { return nil }
        if uniform {
            for _ in 0..<n {
                let i = uniformNext
                uniformNext = (uniformNext + 1) % n
                if !excluded.contains(i) { return i }
            }
            return nil
        }
        var best = -1
        var activeTotal = 0
        for i in 0..<n where !excluded.contains(i) {
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
