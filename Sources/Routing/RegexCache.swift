import Synchronization

/// Compiled path regexes shared by all threads, keyed by pattern.
///
/// Regex routes are rare; compiling on first use keeps `PathMatch` a plain value while
/// sparing the request path a compile per request.
enum RegexCache {
    private static let compiled = Mutex<[String: CompiledPattern]>([:])

    /// Anchored whole-path match; an invalid pattern never matches (the builder warns).
    static func matches(pattern: String, path: String) -> Bool {
        let entry = compiled.withLock { cache -> CompiledPattern in
            if let hit = cache[pattern] { return hit }
            let made = CompiledPattern(pattern: pattern)
            if cache.count > 4096 { cache.removeAll() }
            cache[pattern] = made
            return made
        }
        guard let regex = entry.regex else { return false }
        return (try? regex.wholeMatch(in: path)) != nil
    }

    /// Whether a pattern compiles; the builder uses this to warn instead of serving it.
    static func isValid(_ pattern: String) -> Bool {
        (try? Regex(pattern)) != nil
    }
}

/// A compiled pattern, or nil when it failed to compile.
private struct CompiledPattern: @unchecked Sendable {
    // Regex is immutable once built; sharing it across threads for matching is safe.
    let regex: Regex<AnyRegexOutput>?
    init(pattern: String) { regex = try? Regex(pattern) }
}

extension PathMatch {
    /// For `.regex`, whether the pattern compiles; always true for other kinds.
    public var isValidPattern: Bool {
        if case .regex(let p) = self { return RegexCache.isValid(p) }
        return true
    }
}
