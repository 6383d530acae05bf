/// Per-host lookup tables over a virtual host's routes, so matching a path costs a few
/// hash lookups (one per `/` in the path) however many routes the host has.
///
/// Built from the routes in match order (see `Route.matchOrder`). The first route in
/// that order that matches wins; the index finds it without trying every route:
/// - Exact routes come first, so an Exact hit is the answer;
/// - a Prefix `q` matches path `p` when `p == q` or `p` starts with `q + "/"` (or `q` is
///   `/`), so the Prefix candidates are `p` and each of its prefixes that ends just
///   before a `/`; the longest one present is the first Prefix route in match order;
/// - Regex routes are tried in order, only while they come before that Prefix hit.
/// Small hosts skip the tables: a linear scan of a few routes is cheaper than hashing.
public struct RouteIndex: Sendable {
    /// Hosts with at most this many routes are scanned linearly.
    static let linearScanLimit = 8

    /// Exact path to its position in `routes`.
    private var exact: [Substring: Int] = [:]
    /// Normalized Prefix value to its position in `routes`.
    private var prefix: [Substring: Int] = [:]
    /// Regex routes in match order with their compiled pattern.
    private var regexes: [(position: Int, pattern: CompiledRegex)] = []
    /// Whether the tables were built (more than `linearScanLimit` routes).
    let isIndexed: Bool

    public init(routes: [Route]) {
        isIndexed = routes.count > Self.linearScanLimit
        for (i, r) in routes.enumerated() {
            switch r.match {
            case .exact(let p): if isIndexed, exact[Substring(p)] == nil { exact[Substring(p)] = i }
            case .prefix(let p): if isIndexed, prefix[Substring(p)] == nil { prefix[Substring(p)] = i }
            case .regex(let p): regexes.append((i, CompiledRegex(p)))
            }
        }
    }

    /// Position in `routes` of the first route that matches `path`, or nil.
    func firstMatch(in routes: [Route], path: String) -> Int? {
        guard isIndexed else { return linearMatch(in: routes, path: path) }
        let p = Substring(path)
        if let e = exact[p] { return e }
        var best: Int? = prefix[p]
        if best == nil {
            // Walk the `/` boundaries from the end: the longest candidate first.
            var end = p.endIndex
            while let slash = p[p.startIndex..<end].lastIndex(of: "/") {
                let candidate = p[p.startIndex..<slash]
                if candidate.isEmpty { break }
                if let hit = prefix[candidate] { best = hit; break }
                end = slash
            }
            if best == nil { best = prefix["/"] }  // `/` matches every path
        }
        for (position, regex) in regexes {
            if let b = best, position > b { break }
            if regex.wholeMatch(path) { return position }
        }
        return best
    }

    private func linearMatch(in routes: [Route], path: String) -> Int? {
        var next = 0
        for (i, r) in routes.enumerated() {
            if case .regex = r.match {
                // Use the precompiled pattern rather than the shared cache.
                while next < regexes.count && regexes[next].position < i { next += 1 }
                if next < regexes.count && regexes[next].position == i && regexes[next].pattern.wholeMatch(path) {
                    return i
                }
            } else if r.match.matches(path: path) {
                return i
            }
        }
        return nil
    }
}

/// A compiled path regex, shared read-only by all worker threads.
final class CompiledRegex: @unchecked Sendable {
    // Safe to share: the Regex is created once in init, never mutated, and matching does
    // not mutate it (each match builds its own matcher state).
    private let regex: Regex<AnyRegexOutput>?

    init(_ pattern: String) { regex = try? Regex(pattern) }

    /// Anchored match of the whole path; an invalid pattern never matches.
    func wholeMatch(_ path: String) -> Bool {
        guard let regex else { return false }
        return (try? regex.wholeMatch(in: path)) != nil
    }
}
