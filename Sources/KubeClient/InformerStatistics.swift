/// Counters an informer keeps, for metrics and tests.
public struct InformerStatistics: Sendable, Hashable {
    /// Full lists done (the first one plus relists).
    public var lists = 0
    /// Relists forced by 410 Gone.
    public var relistsAfterGone = 0
    /// Watches opened.
    public var watches = 0
    /// Watch events received (bookmarks included).
    public var events = 0
    /// Bookmarks received.
    public var bookmarks = 0
    /// Objects skipped because they did not decode (in lists and watch events).
    public var undecodable = 0
    /// Requests that failed (transport errors and unexpected statuses).
    public var failures = 0

    public init() {}
}
