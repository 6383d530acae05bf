import Foundation
import KubeAPI
import KubeClient
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Certificates made with the `openssl` CLI and an `openssl s_server` on 127.0.0.1, to
/// check that the transport verifies the server against the CA given in memory, sends a
/// client certificate from memory, and refuses a server it cannot verify.
final class TLSFixture: @unchecked Sendable {
    // `@unchecked Sendable`: fields are set in init and only read afterwards.
    let dir: String
    var server: Process?
    var port: UInt16 = 0

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                 "-subj", "/CN=test-ca", "-keyout", "ca.key", "-out", "ca.pem"])
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                 "-subj", "/CN=other-ca", "-keyout", "other.key", "-out", "other.pem"])
        for name in ["server", "client"] {
            try run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=\(name)",
                     "-keyout", "\(name).key", "-out", "\(name).csr"])
            try "subjectAltName=IP:127.0.0.1\n".write(toFile: dir + "/\(name).ext", atomically: true, encoding: .utf8)
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-days", "2", "-extfile", "\(name).ext", "-out", "\(name).pem"])
        }
    }

    func bytes(_ file: String) -> [UInt8] { Array(FileManager.default.contents(atPath: dir + "/" + file) ?? Data()) }

    private func run(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw POSIXError(.EIO) }
    }

    /// Starts `openssl s_server -www` (answers any GET with 200); `requireClientCert` asks
    /// for and verifies a client certificate.
    func startServer(requireClientCert: Bool) throws {
        port = Self.freePort()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        var args = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", "server.pem", "-key", "server.key", "-www", "-quiet"]
        if requireClientCert { args += ["-Verify", "1", "-CAfile", "ca.pem"] }
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        server = p
        _ = eventually(timeout: .seconds(3)) { Self.canConnect(port) }
    }

    func stop() {
        if let server, server.isRunning {
            // SIGKILL: the test process may block SIGTERM, and children inherit the mask.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
                _ = bind(fd, p, len)
                return getsockname(fd, p, &len)
            }
        }
        return UInt16(bigEndian: a.sin_port)
    }

    static func canConnect(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

@Suite(.serialized) struct TLSTransportTests {
    func get(_ connection: KubeConnection) -> KubeClientError? {
        kubeError { _ = try KubeClient(connection: connection).send(method: "GET", path: "/") }
    }

    @Test("The server is verified against the CA given in memory; another CA is refused unless verification is off")
    func verifiesServerWithCABlob() throws {
        let tls = try TLSFixture()
        defer { tls.stop() }
        try tls.startServer(requireClientCert: false)
        let url = "https://127.0.0.1:\(tls.port)"
        #expect(get(KubeConnection(server: url, certificateAuthority: tls.bytes("ca.pem"))) == nil)
        let refused = get(KubeConnection(server: url, certificateAuthority: tls.bytes("other.pem")))
        #expect(refused?.kind == .transport)
        #expect(get(KubeConnection(server: url, certificateAuthority: tls.bytes("other.pem"), insecureSkipTLSVerify: true)) == nil)
    }

    @Test("A client certificate and key given in memory satisfy a server that requires one")
    func clientCertificateFromMemory() throws {
        let tls = try TLSFixture()
        defer { tls.stop() }
        try tls.startServer(requireClientCert: true)
        let url = "https://127.0.0.1:\(tls.port)"
        #expect(get(KubeConnection(server: url, certificateAuthority: tls.bytes("ca.pem"),
                                   clientCertificate: tls.bytes("client.pem"), clientKey: tls.bytes("client.key"))) == nil)
        #expect(get(KubeConnection(server: url, certificateAuthority: tls.bytes("ca.pem"))) != nil)
    }
}
