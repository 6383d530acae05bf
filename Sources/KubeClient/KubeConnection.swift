/// Where the Kubernetes API server is and how to authenticate to it.
public struct KubeConnection: Sendable {
    /// Base URL, e.g. `https://10.96.0.1:443` (no trailing slash).
    public var server: String
    /// PEM bundle of the CA that signs the server certificate; nil uses the system store.
    public var certificateAuthority: [UInt8]?
    /// Skips server certificate verification; only when the kubeconfig says so explicitly.
    public var insecureSkipTLSVerify: Bool
    /// Bearer token, fixed or re-read from a file when it changes.
    public var token: BearerTokenSource?
    /// PEM client certificate for mutual TLS.
    public var clientCertificate: [UInt8]?
    /// PEM private key of `clientCertificate`.
    public var clientKey: [UInt8]?
    /// The namespace of the context or of the pod's service account, if known.
    public var namespace: String?
    /// Limit for one non-watch request, connect included.
    public var requestTimeout: Duration
    /// Limit for establishing a connection.
    public var connectTimeout: Duration

    public init(server: String, certificateAuthority: [UInt8]? = nil,
                insecureSkipTLSVerify: Bool = false, token: BearerTokenSource? = nil,
                clientCertificate: [UInt8]? = nil, clientKey: [UInt8]? = nil,
                namespace: String? = nil, requestTimeout: Duration = .seconds(30),
                connectTimeout: Duration = .seconds(5)) {
        var s = server
        while s.hasSuffix("/") { s.removeLast() }
        self.server = s
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.token = token
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.namespace = namespace
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
    }
}
