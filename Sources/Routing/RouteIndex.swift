/// Per-host lookup tables over a virtual host's routes, so matching a path costs one pass
/// over its bytes and a hash probe per `/`, however many routes the host has.
///
/// Built from the routes in match order (see `Route.matchOrder`). The first route in
/// that order that matches wins; the index finds it without trying every route:
/// - Exact routes come first, so an Exact hit is the answer;
/// - a Prefix `q` matches path `p` when `p == q` or `p` starts with `q + "/"` (or `q` is
///   `/`), so the Prefix candidates are `p` and each of its prefixes that ends just
///   before a `/`; the longest one present is the first Prefix route in match order;
/// - Regex routes are tried in order, only while they come before that Prefix hit.
///
/// Keys are 64-bit FNV-1a hashes of the path bytes, computed incrementally in the one
/// pass, and every hit is confirmed by comparing bytes, so a collision can never pick a
/// wrong route (colliding routes go to a small slow table). Small hosts skip the tables:
/// a linear scan of a few routes is cheaper. A final class, so copying a `VirtualHost`
/// (e.g. into a `RouteMatch`) costs one reference count, not one per table.
public final class RouteIndex: Sendable {
    /// Hosts with at most this many routes are scanned linearly.
    static let linearScanLimit = 8

    /// Hash of an Exact path to its position in `routes`.
    private let exact: HashSlots
    /// Hash of a normalized Prefix value (other than `/`) to its position in `routes`.
    private let prefix: HashSlots
    /// Routes whose hash collided with an earlier one's, by `E`/`P` + path.
    private let collided: [String: Int]
    /// Position of the `/` Prefix route, which matches every path.
    private let root: Int?
    /// Regex routes in match order with their compiled pattern.
    private let regexes: [(position: Int, pattern: CompiledRegex)]
    /// Whether the tables were built (more than `linearScanLimit` routes).
    let isIndexed: Bool

    public init(routes: [Route]) {
        isIndexed = routes.count > Self.linearScanLimit
        let count = isIndexed ? routes.count : 0
        var exact = HashSlots(capacityFor: count), prefix = HashSlots(capacityFor: count)
        var collided: [String: Int] = [:]
        var root: Int?
        var regexes: [(position: Int, pattern: CompiledRegex)] = []
        for (i, r) in routes.enumerated() {
            switch r.match {
            case .exact(let p) where isIndexed:
                let h = Self.hash(p)
                if !exact.insertIfAbsent(h, i), collided["E" + p] == nil { collided["E" + p] = i }
            case .prefix(let p) where isIndexed:
                if p == "/" { if root == nil { root = i }; continue }
                let h = Self.hash(p)
                if !prefix.insertIfAbsent(h, i), collided["P" + p] == nil { collided["P" + p] = i }
            case .regex(let p):
                regexes.append((i, CompiledRegex(p)))
            default:
                break
            }
        }
        self.exact = exact
        self.prefix = prefix
        self.collided = collided
        self.root = root
        self.regexes = regexes
    }

    /// Position in `routes` of the first route that matches `path`, or nil.
    func firstMatch(in routes: [Route], path: String) -> Int? {
        guard isIndexed else { return linearMatch(in: routes, path: path) }
        if let r = path.utf8.withContiguousStorageIfAvailable({ indexedMatch(in: routes, path: path, bytes: $0) }) {
            return r
        }
        var copy = path
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { indexedMatch(in: routes, path: copy, bytes: $0) } ?? nil
    }

    private func indexedMatch(in routes: [Route], path: String, bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = Self.fnvOffset
        var best: Int?
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "/") && i > 0, let hit = probe(prefix, h, "P", routes, bytes[0..<i]) {
                best = hit  // later hits are longer, hence earlier in match order
            }
            h = (h ^ UInt64(b)) &* Self.fnvPrime
        }
        if let e = probe(exact, h, "E", routes, bytes[...]) { return e }
        if let whole = probe(prefix, h, "P", routes, bytes[...]) { best = whole }
        if best == nil { best = root }
        for (position, regex) in regexes {
            if let b = best, position > b { break }
            if regex.wholeMatch(path) { return position }
        }
        return best
    }

    /// The route for a hashed candidate, confirmed byte for byte.
    @inline(__always)
    private func probe(_ table: HashSlots, _ h: UInt64, _ kind: String, _ routes: [Route],
                       _ candidate: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard let i = table.value(for: h) else { return nil }
        if Self.equal(routes[i].match.value, candidate) { return i }
        if collided.isEmpty { return nil }
        return collided[kind + String(decoding: candidate, as: UTF8.self)]
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

    /// Byte equality without the generic `elementsEqual` iteration.
    @inline(__always)
    private static func equal(_ s: String, _ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard s.utf8.count == bytes.count else { return false }
        return s.utf8.withContiguousStorageIfAvailable { a -> Bool in
            var i = 0, j = bytes.startIndex
            while i < a.count {
                if a[i] != bytes[j] { return false }
                i += 1
                j += 1
            }
            return true
        } ?? s.utf8.elementsEqual(bytes)
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// 64-bit FNV-1a of a string's UTF-8 bytes.
    static func hash(_ s: String) -> UInt64 {
        var h = fnvOffset
        for b in s.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
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
