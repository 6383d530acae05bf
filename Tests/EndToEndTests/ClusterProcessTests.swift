import DataPlane
import FakeKubeAPI
import Foundation
import Reactor
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One request on a new connection to `address`; nil when nothing answers.
private func request(_ address: SocketAddress, _ path: String, host: String) -> TestResponse? {
    guard let client = try? TestClient(address, timeoutSeconds: 2),
          (try? client.send(get(path, host: host, extra: "Connection: close\r\n"))) != nil else { return nil }
    return try? client.readResponse()
}

@Suite struct ClusterProcessTests {
    @Test("portico serve --kubeconfig routes a request from a fake API server's objects and exits 0 on SIGTERM")
    func servesFromKubeconfig() throws {
        guard let bin = porticoBinary() else {
            Issue.record("portico binary not built (swift build --build-tests builds it)")
            return
        }
        let echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: "from-cluster")
        echo.start()
        defer { echo.stop() }
        let api = FakeAPIServer(expectedToken: "e2e-token")
        try api.start()
        defer { api.stop() }
        api.store.apply(Fixture.ingressClass())
        api.store.apply(Fixture.service("shop", "web"))
        api.store.apply(Fixture.slice("shop", "web-1", service: "web", addresses: ["127.0.0.1"], port: Int32(echo.address.port)))
        api.store.apply(Fixture.ingress("shop", "front", host: "shop.test", service: "web"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("portico-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("kubeconfig.yaml")
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: \(api.url)
            users:
            - name: e2e
              user:
                token: e2e-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: e2e
                namespace: shop
            current-context: fake

            """.write(to: kubeconfig, atomically: true, encoding: .utf8)

        let http = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        let admin = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        let process = Process()
        process.executableURL = bin
        process.arguments = ["serve", "--kubeconfig", kubeconfig.path, "--http-listen", http.description,
                             "--https-listen", "off", "--admin-listen", admin.description, "--election-id", "",
                             "--no-events", "--workers", "1", "--access-log", "off"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }

        #expect(observed("portico serve ready") { request(admin, "/readyz", host: "admin")?.status == 200 } != nil)
        let answer = request(http, "/", host: "shop.test")
        #expect(answer?.status == 200)
        #expect(answer.map { ClusterRig.echoName($0.body) } == "from-cluster")
        #expect(request(admin, "/metrics", host: "admin")?.text.contains("portico_kube_connected 1") == true)
        // Every request the binary made carried the kubeconfig's token (others get 401).
        #expect(!api.requests.isEmpty && api.requests.allSatisfy { $0.authorization == "Bearer e2e-token" })

        // The API server goes away: the binary says so and keeps serving; after it returns,
        // a new Ingress is served.
        func metricsLine(_ line: String) -> Bool {
            request(admin, "/metrics", host: "admin")?.text.split(separator: "\n").contains { $0 == line } == true
        }
        api.stop()
        #expect(observed("binary: outage in portico_kube_connected") { metricsLine("portico_kube_connected 0") } != nil)
        #expect(request(http, "/", host: "shop.test")?.status == 200)
        try api.restart()
        api.store.apply(Fixture.ingress("shop", "later", host: "later.test", service: "web"))
        #expect(observed("binary: Ingress added after the outage") {
            request(http, "/", host: "later.test").map { ClusterRig.echoName($0.body) } == "from-cluster"
        } != nil)
        #expect(observed("binary: reconnected in portico_kube_connected") { metricsLine("portico_kube_connected 1") } != nil)

        kill(process.processIdentifier, SIGTERM)
        _ = eventually(seconds: 10) { !process.isRunning }
        #expect(!process.isRunning)
        if !process.isRunning {
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
        }
    }
}
