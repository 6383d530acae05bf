import Foundation
import KubeClient
import Testing

/// A kubeconfig in JSON (valid YAML) with one cluster, one context and the given user.
func kubeconfig(user: String, cluster: String = #"{"server": "https://k8s.example:6443/", "certificate-authority-data": "Q0EtUEVN"}"#,
                current: String? = "ctx") -> String {
    """
    {"apiVersion": "v1", "kind": "Config",
     \(current.map { "\"current-context\": \"\($0)\"," } ?? "")
     "clusters": [{"name": "c1", "cluster": \(cluster)}],
     "contexts": [{"name": "ctx", "context": {"cluster": "c1", "user": "u1", "namespace": "team"}},
                  {"name": "other", "context": {"cluster": "c1", "user": "missing"}}],
     "users": [{"name": "u1", "user": \(user)}]}
    """
}

@Suite struct KubeConfigTests {
    @Test("A token user yields server, CA, namespace and token")
    func tokenUser() throws {
        let c = try KubeConfigFile.parse(kubeconfig(user: #"{"token": "abc"}"#))
        #expect(c.server == "https://k8s.example:6443")
        #expect(c.certificateAuthority == Array("CA-PEM".utf8))
        #expect(c.namespace == "team")
        #expect(try c.token?.current() == "abc")
        #expect(c.insecureSkipTLSVerify == false)
    }

    @Test("Client certificate and key data are decoded from base64")
    func clientCertificate() throws {
        let c = try KubeConfigFile.parse(kubeconfig(user: #"{"client-certificate-data": "Q0VSVA==", "client-key-data": "S0VZ"}"#))
        #expect(c.clientCertificate == Array("CERT".utf8))
        #expect(c.clientKey == Array("KEY".utf8))
        #expect(c.token == nil)
    }

    @Test("Relative file references resolve against the kubeconfig's folder")
    func relativeFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "CA-FILE".write(toFile: dir + "/ca.pem", atomically: true, encoding: .utf8)
        try "tok-file\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        let text = kubeconfig(user: #"{"tokenFile": "token"}"#,
                              cluster: #"{"server": "https://a:1", "certificate-authority": "ca.pem", "insecure-skip-tls-verify": true}"#)
        try text.write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let c = try KubeConfigFile.load(path: dir + "/config")
        #expect(c.certificateAuthority == Array("CA-FILE".utf8))
        #expect(try c.token?.current() == "tok-file")
        #expect(c.insecureSkipTLSVerify)
    }

    static let failures: [(String, String, String?, KubeConfigError)] = [
        ("exec user", kubeconfig(user: #"{"exec": {"command": "aws"}}"#), nil, .unsupportedAuth(user: "u1", field: "exec")),
        ("auth-provider user", kubeconfig(user: #"{"auth-provider": {"name": "gcp"}}"#), nil,
         .unsupportedAuth(user: "u1", field: "auth-provider")),
        ("basic auth user", kubeconfig(user: #"{"username": "a", "password": "b"}"#), nil,
         .unsupportedAuth(user: "u1", field: "username/password")),
        ("unknown context", kubeconfig(user: "{}"), "nope", .contextNotFound("nope")),
        ("context with unknown user", kubeconfig(user: "{}"), "other", .userNotFound("missing")),
        ("no current context", kubeconfig(user: "{}", current: nil), nil, .noCurrentContext(path: "<kubeconfig>")),
        ("bad base64", kubeconfig(user: #"{"client-key-data": "!!!"}"#), nil, .invalidBase64(field: "client-key-data")),
    ]

    @Test("Kubeconfig mistakes are typed errors naming the field", arguments: failures)
    func failuresAreTyped(name: String, text: String, context: String?, expected: KubeConfigError) {
        #expect(throws: expected) { try KubeConfigFile.parse(text, context: context) }
    }

    @Test("The exec error says what to use instead")
    func execMessageIsActionable() {
        let message = KubeConfigError.unsupportedAuth(user: "u1", field: "exec").description
        #expect(message.contains("`exec`") && message.contains("token"))
    }

    @Test("Garbage is a malformed-kubeconfig error, not a crash")
    func garbageIsMalformed() {
        #expect(throws: KubeConfigError.self) { try KubeConfigFile.parse("{{{ not: [valid") }
    }

    @Test("In-cluster config reads the environment and the service-account folder")
    func inCluster() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "t1".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try "CA".write(toFile: dir + "/ca.crt", atomically: true, encoding: .utf8)
        try "portico-system\n".write(toFile: dir + "/namespace", atomically: true, encoding: .utf8)
        let c = try InClusterConfig.load(environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
                                         directory: dir)
        #expect(c.server == "https://[fd00::1]:443")
        #expect(c.namespace == "portico-system")
        #expect(try c.token?.current() == "t1")
        #expect(throws: KubeConfigError.missingEnvironment("KUBERNETES_SERVICE_HOST")) {
            try InClusterConfig.load(environment: [:], directory: dir)
        }
    }
}

@Suite struct KubeConfigYAMLTests {
    @Test("A kubeconfig written by kubectl (YAML) is read")
    func yamlKubeconfig() throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: Q0EtUEVN
                server: https://127.0.0.1:6443
              name: kind-portico
            contexts:
            - context:
                cluster: kind-portico
                user: kind-portico
                namespace: web
              name: kind-portico
            current-context: kind-portico
            preferences: {}
            users:
            - name: kind-portico
              user:
                client-certificate-data: Q0VSVA==
                client-key-data: S0VZ
            """
        let c = try KubeConfigFile.parse(text)
        #expect(c.server == "https://127.0.0.1:6443")
        #expect(c.certificateAuthority == Array("CA-PEM".utf8))
        #expect(c.clientCertificate == Array("CERT".utf8))
        #expect(c.clientKey == Array("KEY".utf8))
        #expect(c.namespace == "web")
    }

    @Test("A YAML exec user is refused with a clear error")
    func yamlExec() {
        let text = """
            current-context: eks
            clusters: [{name: c, cluster: {server: "https://x"}}]
            contexts: [{name: eks, context: {cluster: c, user: aws}}]
            users:
            - name: aws
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
            """
        #expect(throws: KubeConfigError.unsupportedAuth(user: "aws", field: "exec")) { try KubeConfigFile.parse(text) }
    }
}
