import Foundation
import Reactor
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `examples/quickstart` answers HTTPS with its Secret's certificate, and redirects plain
/// HTTP to it: the README's commands, run against a copy of the folder on free ports.
@Suite(.serialized)
struct QuickstartHTTPSTests {
    static let example = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("examples/quickstart")

    @Test(.enabled(if: porticoBinary() != nil && FileManager.default.fileExists(atPath: example.path)))
    func theQuickstartServesHTTPSWithItsCertificateAndRedirectsPlainHTTP() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("portico-quickstart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try fm.copyItem(at: Self.example, to: dir)
        defer { try? fm.removeItem(at: dir) }
        // The echo backends move to free ports so the test never collides with a running demo.
        let services = dir.appendingPathComponent("services.yaml")
        var text = try String(contentsOf: services, encoding: .utf8)
        text = text.replacingOccurrences(of: "9001", with: String(try freePort()))
            .replacingOccurrences(of: "9002", with: String(try freePort()))
        try text.write(to: services, atomically: true, encoding: .utf8)

        let http = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        let https = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        let admin = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        let process = Process()
        process.executableURL = porticoBinary()!
        process.arguments = ["serve", "--manifests", dir.path, "--echo-backends", "--workers", "1", "--access-log", "off",
                             "--http-listen", http.description, "--https-listen", https.description,
                             "--admin-listen", admin.description]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        let ready = eventually(seconds: 10) {
            guard let c = try? TestClient(admin, timeoutSeconds: 1) else { return false }
            return (try? c.send(get("/readyz"))) != nil && (try? c.readResponse())?.status == 200
        }
        try #require(ready)

        let c = try HTTPSTestClient(https, serverName: "app.localhost")
        #expect(c.peerCommonName == "app.localhost", "the quickstart Secret's certificate")
        try c.send(get("/api", host: "app.localhost:\(https.port)"))
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.text.contains("\"name\":\"api\""))

        let plain = try TestClient(http)
        try plain.send(get("/api/users?x=1", host: "app.localhost"))
        let redirect = try plain.readResponse()
        #expect(redirect.status == 308)
        #expect(redirect.header("location") == "https://app.localhost:\(https.port)/api/users?x=1")

        // Metrics: the handshake above, and the served Secret's expiry.
        let scrape = try TestClient(admin)
        try scrape.send(get("/metrics"))
        let metrics = try scrape.readResponse().text
        #expect(metrics.contains("portico_tls_handshakes_total{listener=\"https\"} 1"))
        #expect(metrics.contains("portico_tls_certificate_expiry_timestamp_seconds{namespace=\"default\",secret=\"quickstart-tls\"}"))

        // The README's command, with curl when it is installed.
        if fm.isExecutableFile(atPath: "/usr/bin/curl") {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-sk", "--max-time", "5", "--resolve", "app.localhost:\(https.port):127.0.0.1",
                              "https://app.localhost:\(https.port)/api"]
            let out = Pipe()
            curl.standardOutput = out
            curl.standardError = FileHandle.nullDevice
            try curl.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            curl.waitUntilExit()
            #expect(curl.terminationStatus == 0)
            #expect(String(decoding: data, as: UTF8.self).contains("\"name\":\"api\""))
        }
        kill(process.processIdentifier, SIGTERM)
        _ = eventually(seconds: 5) { !process.isRunning }
    }
}
