/// Where the addresses written to `status.loadBalancer.ingress` come from.
public enum IngressStatusSource: Sendable, Hashable {
    /// `--publish-service NAMESPACE/NAME`: that Service's `status.loadBalancer.ingress`.
    case service(namespace: String, name: String)
    /// `--publish-address`: fixed IPs or host names.
    case addresses([String])

    /// Parses `--publish-service` text; nil unless it is `namespace/name`.
    public static func service(_ text: String) -> IngressStatusSource? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return .service(namespace: String(parts[0]), name: String(parts[1]))
    }
}
