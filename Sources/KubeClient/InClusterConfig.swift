import Foundation

/// The connection a pod gets from its service account: the `KUBERNETES_SERVICE_*`
/// environment and the files the kubelet mounts.
public enum InClusterConfig {
    /// Where the kubelet mounts the service-account token, CA and namespace.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Builds the in-cluster connection; `environment` and `directory` are overridable for tests.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            directory: String = serviceAccountDirectory) throws(KubeConfigError) -> KubeConnection {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw .missingEnvironment("KUBERNETES_SERVICE_HOST")
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw .missingEnvironment("KUBERNETES_SERVICE_PORT")
        }
        // An IPv6 service address needs brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let tokenPath = directory + "/token"
        let token = BearerTokenSource(file: tokenPath)
        _ = try token.current()  // fail now, with the path, rather than on the first request
        let caPath = directory + "/ca.crt"
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw .unreadableFile(path: caPath, reason: "missing or unreadable")
        }
        let namespace = FileManager.default.contents(atPath: directory + "/namespace")
            .flatMap { String(data: $0, encoding: .utf8) }?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return KubeConnection(server: "https://\(hostPart):\(port)", certificateAuthority: Array(ca),
                              token: token, namespace: namespace)
    }
}
