import Foundation
import Glibc
import Routing
import Testing
@testable import TLS

/// A real peer over a real socket: `openssl s_client` against a tiny blocking accept loop on
/// 127.0.0.1 that drives `TLSServerSession` the way the data plane will.
@Suite struct OpenSSLInteropTests {
    /// A listening socket on 127.0.0.1 and an ephemeral port.
    static func listen() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                Glibc.bind(fd, p, length) == 0 && Glibc.listen(fd, 1) == 0 && getsockname(fd, p, &length) == 0
            }
        }
        try #require(bound)
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// Waits (bounded) until `fd` is readable.
    static func waitReadable(_ fd: Int32, milliseconds: Int32 = 10_000) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, milliseconds) == 1
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Serves one connection with `receive` (the one-call EPOLLIN step): handshake, read
    /// "ping\n", answer "pong\n", close_notify.
    static func serveOne(_ connection: Int32, context: TLSServerContext) throws -> TLSServerSession {
        let session = try TLSServerSession(context: context)
        var readBuffer = [UInt8](repeating: 0, count: 16 * 1024)
        var inbox: [UInt8] = []
        var output: [UInt8] = []
        for _ in 0..<200 {
            guard waitReadable(connection) else { break }
            let n = readBuffer.withUnsafeMutableBytes { Glibc.read(connection, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            output.removeAll(keepingCapacity: true)
            let event = readBuffer.withUnsafeBytes {
                session.receive(ciphertext: UnsafeRawBufferPointer(rebasing: $0[..<n]), plaintext: &inbox, output: &output)
            }
            var done = event.failure != nil || event.peerClosed
            if session.isHandshakeComplete, inbox.suffix(5) == Array("ping\n".utf8) {
                try session.writePlaintext(Array("pong\n".utf8))
                session.close()
                session.takeCiphertext(into: &output)
                done = true
            }
            writeAll(connection, output)
            if done { break }
        }
        return session
    }

    @Test("openssl s_client verifies our chain and exchanges data over 127.0.0.1",
          arguments: ["-tls1_3", "-tls1_2"])
    func sClientInterop(versionFlag: String) throws {
        guard let openssl = OpenSSLTool.path else { return }  // skip cleanly without the CLI
        let dir = try OpenSSLTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let caFile = "\(dir)/ca.pem"
        try Data(Fixtures.certificateAuthority.certificatePEM).write(to: URL(fileURLWithPath: caFile))

        let context = try TLSServerContext(table: Fixtures.table)
        let (listener, port) = try Self.listen()
        defer { close(listener) }

        let client = Process()
        client.executableURL = URL(fileURLWithPath: openssl)
        client.arguments = ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "a.example.com",
                            "-alpn", "http/1.1", versionFlag, "-CAfile", caFile, "-verify_return_error",
                            "-verify_hostname", "a.example.com", "-quiet"]
        let stdin = Pipe(), stdout = Pipe()
        client.standardInput = stdin
        client.standardOutput = stdout
        client.standardError = FileHandle.nullDevice
        try client.run()
        defer { if client.isRunning { client.terminate() } }
        stdin.fileHandleForWriting.write(Data("ping\n".utf8))

        try #require(Self.waitReadable(listener), "s_client did not connect within 10 s")
        let connection = accept(listener, nil, nil)
        try #require(connection >= 0)
        let session = try Self.serveOne(connection, context: context)
        close(connection)

        let deadline = Date().addingTimeInterval(10)
        while client.isRunning, Date() < deadline { usleep(10_000) }
        if client.isRunning { client.terminate() }
        client.waitUntilExit()
        try? stdin.fileHandleForWriting.close()
        let printed = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(session.isHandshakeComplete)
        #expect(session.failure == nil)
        #expect(session.negotiatedVersion == (versionFlag == "-tls1_3" ? .tls1_3 : .tls1_2))
        #expect(session.alpnProtocol == "http/1.1")
        #expect(session.serverName == "a.example.com")
        #expect(printed.contains("pong"))
    }

    @Test("openssl s_client forced to TLS 1.1 is refused with protocol_version")
    func sClientOldVersionRefused() throws {
        guard let openssl = OpenSSLTool.path else { return }
        let context = try TLSServerContext(table: Fixtures.table)
        let (listener, port) = try Self.listen()
        defer { close(listener) }
        let client = Process()
        client.executableURL = URL(fileURLWithPath: openssl)
        client.arguments = ["s_client", "-connect", "127.0.0.1:\(port)", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-quiet"]
        client.standardInput = Pipe()
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        defer { if client.isRunning { client.terminate() } }
        try #require(Self.waitReadable(listener), "s_client did not connect within 10 s")
        let connection = accept(listener, nil, nil)
        try #require(connection >= 0)
        let session = try Self.serveOne(connection, context: context)
        close(connection)
        let deadline = Date().addingTimeInterval(10)
        while client.isRunning, Date() < deadline { usleep(10_000) }
        #expect(session.failure?.reason == .protocolVersion)
        #expect(context.metrics.snapshot().failures[.protocolVersion] == 1)
    }
}
