extension Route {
    /// The order routes of one virtual host are tried in; the first match wins.
    ///
    /// Exact routes first: an Exact path matches only a request path of its own length,
    /// which no longer Prefix can match, so this is the API's "longest match, Exact wins
    /// ties" rule, and it also makes an Exact path beat any regular expression. Then Prefix
    /// and Regex routes, longer path text first, so the longest matching Prefix wins; at
    /// equal length Prefix before Regex. Regex routes (`use-regex`) have no length
    /// semantics of their own, so they are ranked by the length of their pattern text, as
    /// ingress-nginx orders its regex locations: a longer, more specific pattern is tried
    /// before a shorter one. Ties break on the text, then the source Ingress, so the order
    /// is total and snapshots are deterministic.
    public static func matchOrder(_ a: Route, _ b: Route) -> Bool {
        let ea = a.match.rank == 0, eb = b.match.rank == 0
        if ea != eb { return ea }
        let la = a.match.value.utf8.count, lb = b.match.value.utf8.count
        if la != lb { return la > lb }
        let ra = a.match.rank, rb = b.match.rank
        if ra != rb { return ra < rb }
        if a.match.value != b.match.value { return a.match.value < b.match.value }
        return a.source < b.source
    }
}

extension PathMatch {
    /// Tie-break rank at equal length: Exact, Prefix, Regex.
    var rank: Int {
        switch self {
        case .exact: return 0
        case .prefix: return 1
        case .regex: return 2
        }
    }
}
