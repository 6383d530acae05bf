/// A one-shot task scheduled on a loop; cancel it with `EventLoop.cancel(_:)`.
public final class ScheduledTask {
    let body: () -> Void
    var cancelled = false
    init(body: @escaping () -> Void) { self.body = body }
}

/// A binary min-heap of deadlines: the loop's only timer structure, driven by the epoll
/// timeout (no thread or fd per timer).
struct TimerHeap {
    enum Target {
        case task(ScheduledTask)
        /// A slot in the loop's deadline-target table, valid while its generation matches.
        case deadline(slot: Int32, generation: UInt32)
    }

    struct Entry {
        var deadline: Int64
        /// Insertion order, so equal deadlines fire first-in first-out.
        var sequence: UInt64
        var target: Target
    }

    private var entries: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { entries.isEmpty }

    /// Drops entries `keep` rejects and restores the heap order (compaction of stale entries).
    mutating func removeAll(where reject: (Entry) -> Bool) {
        entries.removeAll(where: reject)
        entries.sort { Self.before($0, $1) }  // a sorted array is a valid min-heap
    }
    var count: Int { entries.count }
    var earliest: Int64? { entries.first?.deadline }

    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence)
    }

    mutating func push(_ deadline: Int64, _ target: Target) {
        entries.append(Entry(deadline: deadline, sequence: nextSequence, target: target))
        nextSequence &+= 1
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(entries[i], entries[parent]) else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the earliest entry if it is due at `now`.
    mutating func popDue(now: Int64) -> Entry? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return first }
        entries[0] = last
        var i = 0
        let n = entries.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && Self.before(entries[l], entries[m]) { m = l }
            if r < n && Self.before(entries[r], entries[m]) { m = r }
            if m == i { break }
            entries.swapAt(i, m)
            i = m
        }
        return first
    }
}
