import KubeClient

/// The health of one informer of the cluster controller, for logs and `/debug`.
public struct InformerReport: Sendable, Hashable {
    /// The kind watched, e.g. `Ingress`.
    public var kind: String
    /// Whether its first full list was delivered.
    public var synced: Bool
    /// Whether its last request succeeded.
    public var connected: Bool
    /// Where its next watch resumes.
    public var resourceVersion: String?
    /// Lists, relists after 410, watches, events, bookmarks, skipped objects, failures.
    public var statistics: InformerStatistics
    /// The most recent failure, if any.
    public var lastError: String?
}
