/// Selectors and page size for lists and watches.
public struct ListOptions: Sendable, Hashable {
    /// e.g. `app=web`.
    public var labelSelector: String?
    /// e.g. `type=kubernetes.io/tls` for Secrets.
    public var fieldSelector: String?
    /// Page size for lists (`limit`); nil lists everything in one answer.
    public var limit: Int?

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
    }
}
