import DataPlane
import Foundation
import Synchronization
import Reactor
import Routing
import TLS
import Telemetry
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Certificates generated once for the whole suite (key generation is the slow part).
enum HTTPSFixtures {
    static func certificate(_ cn: String, names: [String]? = nil) -> TLSCertificate {
        let c = try! SelfSignedCertificate.generate(commonName: cn, subjectAlternativeNames: names ?? [cn])
        return TLSCertificate(secret: ObjectRef(kind: "Secret", namespace: "default", name: cn),
                              certificatePEM: c.certificatePEM, privateKeyPEM: c.privateKeyPEM, notAfter: c.notAfter)
    }
    static let secure = certificate("secure.test")
    static let wildcard = certificate("wild-cert", names: ["*.wild.test"])
    static let fallback = certificate("default-cert")
    static let rotated = certificate("secure.test-rotated", names: ["secure.test"])
    static let hstsPolicy = HSTSPolicy(maxAge: 31_536_000, includeSubDomains: true)

    /// Hosts: `secure.test` (TLS, redirect, HSTS), `optout.test` (TLS, no redirect),
    /// `plain.test` (no TLS), `x.wild.test` (wildcard TLS); all to `endpoints`.
    static func snapshot(_ endpoints: [SocketAddress], secureCertificate: TLSCertificate = secure) -> RoutingSnapshot {
        let src = ObjectRef(kind: "Ingress", namespace: "default", name: "web")
        let backend = Backend(name: BackendName(namespace: "default", service: "web", port: "80"),
                              endpoints: endpoints.map { Endpoint(host: $0.ipString, port: $0.port) })
        func host(_ name: String, tls: Bool, policies: RoutePolicies) -> VirtualHost {
            VirtualHost(name: name, routes: [Route(match: .prefix("/"), backend: 0, source: src, policies: policies)],
                        tlsSecret: tls ? ObjectRef(kind: "Secret", namespace: "default", name: name) : nil)
        }
        let hosts = [
            "secure.test": host("secure.test", tls: true, policies: RoutePolicies(sslRedirect: true, hsts: hstsPolicy)),
            "optout.test": host("optout.test", tls: true, policies: RoutePolicies(sslRedirect: false, hsts: hstsPolicy)),
            "plain.test": host("plain.test", tls: false, policies: RoutePolicies()),
            "x.wild.test": host("x.wild.test", tls: true, policies: RoutePolicies(sslRedirect: false)),
        ]
        let table = TLSTable(exact: ["secure.test": secureCertificate, "optout.test": secure],
                             wildcard: [".wild.test": wildcard], defaultCertificate: fallback)
        return RoutingSnapshot(hosts: hosts, backends: [backend], tls: table)
    }
}

extension Harness {
    /// A harness with an HTTPS listener on an ephemeral port and the fixtures' snapshot.
    static func https(echoNames: [String] = ["a"]) throws -> Harness {
        let h = try Harness(echoNames: echoNames) { c in
            c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0")
        }
        h.store.publish(HTTPSFixtures.snapshot(h.echoes.map(\.address)))
        return h
    }

    func httpsClient(_ serverName: String?, context: TLSClientContext = try! TLSClientContext()) throws -> HTTPSTestClient {
        try HTTPSTestClient(proxy.httpsAddress!, serverName: serverName, context: context)
    }
}

@Suite(.serialized)
struct HTTPSTests {
    @Test(arguments: [
        ("secure.test", "secure.test"),
        ("SECURE.test", "secure.test"),
        ("x.wild.test", "wild-cert"),
        ("unknown.test", "default-cert"),
        ("a.b.wild.test", "default-cert"),
    ])
    func sniPicksTheExactThenWildcardThenDefaultCertificate(serverName: String, expected: String) throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.httpsClient(serverName)
        #expect(c.peerCommonName == expected)
    }

    @Test func aClientWithoutSNIGetsTheDefaultCertificate() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.httpsClient(nil)
        #expect(c.peerCommonName == "default-cert")
    }

    @Test(arguments: [TLSVersion.tls1_0, .tls1_1])
    func outdatedProtocolVersionsAreRefused(version: TLSVersion) throws {
        let h = try Harness.https()
        defer { h.stop() }
        let old = try TLSClientContext(configuration: TLSClientConfiguration(minimumVersion: version, maximumVersion: version))
        #expect(throws: (any Error).self) { _ = try h.httpsClient("secure.test", context: old) }
        #expect(eventually { (h.proxy.tls?.metrics.snapshot().failures[.protocolVersion] ?? 0) >= 1 })
        // And a modern client still gets in.
        #expect(try h.httpsClient("secure.test").peerCommonName == "secure.test")
    }

    @Test func aTLS13MinimumRefusesTLS12Clients() throws {
        let h = try Harness(echoNames: ["a"]) { c in
            c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0")
            c.tls.minimumVersion = .tls1_3
        }
        defer { h.stop() }
        h.store.publish(HTTPSFixtures.snapshot(h.echoes.map(\.address)))
        let tls12 = try TLSClientContext(configuration: TLSClientConfiguration(maximumVersion: .tls1_2))
        #expect(throws: (any Error).self) { _ = try h.httpsClient("secure.test", context: tls12) }
        #expect(try h.httpsClient("secure.test").session.negotiatedVersion == .tls1_3)
    }

    @Test func httpsRequestsAreProxiedOverKeepAliveWithForwardedProtoAndPort() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.httpsClient("secure.test")
        for i in 0..<3 {
            try c.send(get("/p\(i)?q=\(i)", host: "secure.test"))
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text.contains("\"path\":\"/p\(i)\""))
            #expect(r.text.contains("\"x-forwarded-proto\":\"https\""))
            #expect(r.text.contains("\"x-forwarded-port\":\"\(h.proxy.httpsAddress!.port)\""))
        }
        #expect((h.proxy.tls?.metrics.snapshot().handshakes ?? 0) >= 1)
    }

    @Test func aChunkedAndALargeRequestBodyCrossTheTLSListener() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.httpsClient("secure.test")
        try c.send("POST /up HTTP/1.1\r\nHost: secure.test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        let chunked = try c.readResponse()
        #expect(chunked.status == 200)
        #expect(chunked.text.contains("\"body_bytes\":11"))
        let size = 1 << 20
        try c.send("POST /big HTTP/1.1\r\nHost: secure.test\r\nContent-Length: \(size)\r\n\r\n")
        try c.send([UInt8](repeating: 0x61, count: size))
        let big = try c.readResponse()
        #expect(big.status == 200)
        #expect(big.text.contains("\"body_bytes\":\(size)"))
    }

    @Test(arguments: [32768, 1024])
    func aLargeAndAChunkedResponseArriveWhole(maxHeaderBytes: Int) throws {
        let body = [UInt8](repeating: 0x62, count: 3 << 20)
        let up = try ScriptedUpstream { head, fd in
            if head.contains("/chunked") {
                writeAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            } else {
                _ = writeAll(fd, Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            }
            return true
        }
        defer { up.stop() }
        // 1024-byte heads make the buffers (and the ciphertext left over from a short write)
        // smaller than the TLS scratch space.
        let h = try Harness(echoNames: []) { c in
            c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0")
            c.maxHeaderBytes = maxHeaderBytes
            c.maxFieldBytes = min(c.maxFieldBytes, maxHeaderBytes)
        }
        defer { h.stop() }
        h.store.publish(HTTPSFixtures.snapshot([up.address]))
        let c = try h.httpsClient("secure.test")
        try c.send(get("/big", host: "secure.test"))
        let big = try c.readResponse()
        #expect(big.status == 200)
        #expect(big.body.count == body.count)
        #expect(big.body == body)
        try c.send(get("/chunked", host: "secure.test"))
        let chunked = try c.readResponse()
        #expect(chunked.text == "hello world")
    }

    @Test func aRotatedSecretServesNewHandshakesWithoutFailingARequest() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let kept = try h.httpsClient("secure.test")
        var failures = 0
        var rotatedSeen = false
        for i in 0..<40 {
            if i == 10 {
                h.store.publish(HTTPSFixtures.snapshot(h.echoes.map(\.address), secureCertificate: HTTPSFixtures.rotated))
            }
            do {
                let c = try h.httpsClient("secure.test")
                if c.peerCommonName == "secure.test-rotated" { rotatedSeen = true }
                if i > 10 && c.peerCommonName != "secure.test-rotated" { failures += 1 }
                try c.send(get("/n\(i)", host: "secure.test", extra: "Connection: close\r\n"))
                if try c.readResponse().status != 200 { failures += 1 }
                try kept.send(get("/kept\(i)", host: "secure.test"))
                if try kept.readResponse().status != 200 { failures += 1 }
            } catch {
                failures += 1
            }
        }
        #expect(rotatedSeen)
        #expect(failures == 0)
    }

    @Test func rotationsWhileClientsConnectFailNoRequest() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let failures = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let address = h.proxy.httpsAddress!
        for t in 0..<2 {
            Thread.detachNewThread {
                for i in 0..<25 {
                    do {
                        let c = try HTTPSTestClient(address, serverName: "secure.test")
                        try c.send(get("/t\(t)/\(i)", host: "secure.test"))
                        if try c.readResponse().status != 200 { failures.add(1, ordering: .relaxed) }
                    } catch {
                        failures.add(1, ordering: .relaxed)
                    }
                }
                done.add(1, ordering: .releasing)
            }
        }
        let echoes = h.echoes.map(\.address)
        for i in 0..<10 where done.load(ordering: .acquiring) < 2 {
            h.store.publish(HTTPSFixtures.snapshot(echoes, secureCertificate: i % 2 == 0 ? HTTPSFixtures.rotated : HTTPSFixtures.secure))
            usleep(20_000)
        }
        #expect(eventually(seconds: 20) { done.load(ordering: .acquiring) == 2 })
        #expect(failures.load(ordering: .relaxed) == 0)
    }

    @Test func aMalformedSecretKeepsTheServedCertificate() throws {
        let h = try Harness.https()
        defer { h.stop() }
        var broken = HTTPSFixtures.secure
        broken.certificatePEM = Array("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8)
        h.store.publish(HTTPSFixtures.snapshot(h.echoes.map(\.address), secureCertificate: broken))
        #expect(!(h.proxy.tls?.lastLoadErrors.isEmpty ?? true))
        #expect(h.proxy.tls?.lastLoadErrors.first?.keptPrevious == true)
        #expect(try h.httpsClient("secure.test").peerCommonName == "secure.test")
    }

    @Test(arguments: [
        (get("/a/b?x=1&y=2", host: "secure.test"), "https://secure.test:PORT/a/b?x=1&y=2"),
        (get("/", host: "secure.test:8080"), "https://secure.test:PORT/"),
        ("HEAD /h HTTP/1.1\r\nHost: secure.test\r\n\r\n", "https://secure.test:PORT/h"),
    ])
    func plainHTTPToATLSHostIsRedirectedWith308(request: String, location: String) throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.client()
        try c.send(request)
        let r = try c.readResponse(head: request.hasPrefix("HEAD"))
        #expect(r.status == 308)
        #expect(r.header("location") == location.replacingPort(h.proxy.httpsAddress!.port))
        #expect(r.header("strict-transport-security") == nil)
    }

    @Test func theRedirectOptOutAndHostsWithoutTLSAreProxiedWithoutHSTS() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.client()
        for host in ["optout.test", "plain.test"] {
            try c.send(get("/", host: host))
            let r = try c.readResponse()
            #expect(r.status == 200, "\(host)")
            #expect(r.header("strict-transport-security") == nil, "RFC 6797 §7.2: never over plain HTTP")
            #expect(r.text.contains("\"x-forwarded-proto\":\"http\""))
        }
    }

    @Test func hstsIsSentOnHTTPSResponsesOfRoutesThatAskForIt() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.httpsClient("secure.test")
        try c.send(get("/", host: "secure.test"))
        #expect(try c.readResponse().header("strict-transport-security") == "max-age=31536000; includeSubDomains")
        try c.send(get("/", host: "x.wild.test"))
        #expect(try c.readResponse().header("strict-transport-security") == nil)
    }

    @Test func withoutAnHTTPSListenerNothingIsRedirected() throws {
        let h = try Harness()
        defer { h.stop() }
        h.store.publish(HTTPSFixtures.snapshot(h.echoes.map(\.address)))
        let c = try h.client()
        try c.send(get("/", host: "secure.test"))
        #expect(try c.readResponse().status == 200)
    }

    @Test func aClientThatNeverFinishesTheHandshakeIsClosedAndCounted() throws {
        let h = try Harness(echoNames: ["a"]) { c in
            c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0")
            c.clientHeaderTimeout = 200_000_000
        }
        defer { h.stop() }
        let c = try TestClient(h.proxy.httpsAddress!, timeoutSeconds: 3)
        try c.send([0x16, 0x03, 0x01])  // the start of a ClientHello, then nothing
        #expect(c.waitForClose())
        #expect(eventually { (h.proxy.tls?.metrics.snapshot().failures[.timeout] ?? 0) == 1 })
    }

    @Test func anUpgradedHTTPSConnectionTunnelsBytesBothWays() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try h.httpsClient("secure.test")
        try c.send(get("/ws", host: "secure.test",
                       extra: "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"))
        let r = try c.readResponse()
        #expect(r.status == 101)
        for i in 0..<5 {
            let msg = Array("frame \(i) \(String(repeating: "x", count: i * 20_000))".utf8)
            try c.send(msg)
            #expect(try c.readBytes(msg.count) == msg)
        }
    }

    @Test func randomBytesOnTheHTTPSListenerNeverCrashTheProxy() throws {
        let h = try Harness.https()
        defer { h.stop() }
        var rng = SystemRandomNumberGenerator()
        for round in 0..<30 {
            let c = try TestClient(h.proxy.httpsAddress!, timeoutSeconds: 2)
            var bytes = (0..<(1 + round * 97)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Half the rounds look like a TLS handshake record to get past the first check.
            if round % 2 == 0 { bytes.insert(contentsOf: [0x16, 0x03, 0x01, 0x00, 0x40, 0x01], at: 0) }
            try? c.send(bytes)
            _ = c.waitForClose()
        }
        #expect(try h.httpsClient("secure.test").peerCommonName == "secure.test")
        let c = try h.client()
        try c.send(get("/", host: "plain.test"))
        #expect(try c.readResponse().status == 200)
    }

    @Test func theHandshakeTimeoutIsShorterThanTheHeaderTimeoutAndTheHeadTimerStartsOverAfterIt() throws {
        let h = try Harness(echoNames: ["a"]) { c in
            c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0")
            c.clientHeaderTimeout = 3_000_000_000
            c.tls.handshakeTimeoutMilliseconds = 150
        }
        defer { h.stop() }
        h.store.publish(HTTPSFixtures.snapshot(h.echoes.map(\.address)))
        let stalled = try TestClient(h.proxy.httpsAddress!, timeoutSeconds: 2)  // closes long before 3 s
        try stalled.send([0x16, 0x03, 0x01])
        #expect(stalled.waitForClose())
        let c = try h.httpsClient("secure.test")
        usleep(300_000)  // past the handshake timeout, well within the header timeout
        try c.send(get("/", host: "secure.test"))
        #expect(try c.readResponse().status == 200)
    }

    @Test func garbageOnTheHTTPSListenerClosesTheConnection() throws {
        let h = try Harness.https()
        defer { h.stop() }
        let c = try TestClient(h.proxy.httpsAddress!, timeoutSeconds: 3)
        try c.send(get("/", host: "secure.test"))
        #expect(c.waitForClose())
        #expect(try h.httpsClient("secure.test").peerCommonName == "secure.test")
    }
}

extension String {
    func replacingPort(_ port: UInt16) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: "PORT") {
            out += rest[..<r.lowerBound] + String(port)
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

@Suite(.serialized)
struct HTTPSMetricsTests {
    @Test func handshakesAndFailuresAreCountedOnThePorticoMetrics() throws {
        let registry = MetricsRegistry(workerCount: 1)
        let metrics = PorticoMetrics(registry: registry, version: "test")
        let echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: "a")
        echo.start()
        defer { echo.stop() }
        var config = ProxyConfiguration(httpListen: try SocketAddress(parsing: "127.0.0.1:0"), adminListen: nil,
                                        workers: 1, accessLog: false)
        config.httpsListen = try SocketAddress(parsing: "127.0.0.1:0")
        let store = SnapshotStore()
        let proxy = try ProxyServer(configuration: config, store: store, metrics: metrics)
        proxy.start()
        defer { proxy.stop() }
        store.publish(HTTPSFixtures.snapshot([echo.address]))
        let c = try HTTPSTestClient(proxy.httpsAddress!, serverName: "secure.test")
        try c.send(get("/", host: "secure.test"))
        #expect(try c.readResponse().status == 200)
        let old = try TLSClientContext(configuration: TLSClientConfiguration(minimumVersion: .tls1_1, maximumVersion: .tls1_1))
        #expect(throws: (any Error).self) { _ = try HTTPSTestClient(proxy.httpsAddress!, serverName: "secure.test", context: old) }
        #expect(eventually {
            let text = registry.render()
            return text.contains("portico_tls_handshakes_total{listener=\"https\"} 1")
                && text.contains("portico_downstream_connections_total{listener=\"https\"} 2")
                && text.contains("portico_tls_handshake_failures_total{reason=\"protocol_version\"} 1")
        })
    }
}

/// Re-encryption: proxy B sends to proxy A's HTTPS listener, which plays a TLS "pod" in
/// front of an echo backend.
@Suite(.serialized)
struct UpstreamTLSTests {
    static let ca = try! SelfSignedCertificate.generate(commonName: "test CA", subjectAlternativeNames: [],
                                                        isCertificateAuthority: true)
    static let leaf = try! SelfSignedCertificate.generate(commonName: "upstream.test", subjectAlternativeNames: ["upstream.test"],
                                                          issuer: ca)

    /// Starts the TLS "pod" (A) and the proxy under test (B) routing `reenc.test` to it.
    static func pair(serverName: String?, caPEM: [UInt8]?, pooled: Bool = true) throws -> (pod: Harness, proxy: Harness) {
        let pod = try Harness(echoNames: ["pod"]) { c in c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0") }
        var podSnapshot = CatchAllSnapshot.make(endpoints: pod.echoes.map(\.address))
        podSnapshot.tls = TLSTable(exact: ["upstream.test": TLSCertificate(
            secret: ObjectRef(kind: "Secret", namespace: "default", name: "upstream"),
            certificatePEM: leaf.certificatePEM, privateKeyPEM: leaf.privateKeyPEM, notAfter: leaf.notAfter)])
        pod.store.publish(podSnapshot)
        let proxy = try Harness(echoNames: []) { c in if !pooled { c.upstreamIdlePerEndpoint = 0 } }
        let a = pod.proxy.httpsAddress!
        let backend = Backend(name: BackendName(namespace: "default", service: "secure-pod", port: "443"),
                              endpoints: [Endpoint(host: a.ipString, port: a.port)], upstreamProtocol: .https,
                              settings: BackendSettings(upstreamCAPEM: caPEM, upstreamServerName: serverName))
        let route = Route(match: .prefix("/"), backend: 0, source: ObjectRef(kind: "Ingress", namespace: "default", name: "r"))
        proxy.store.publish(RoutingSnapshot(hosts: ["reenc.test": VirtualHost(name: "reenc.test", routes: [route])],
                                            backends: [backend]))
        return (pod, proxy)
    }

    @Test func requestsToAnHTTPSBackendAreReEncryptedAndTheConnectionIsPooled() throws {
        let (pod, proxy) = try Self.pair(serverName: nil, caPEM: nil)
        defer { proxy.stop(); pod.stop() }
        let c = try proxy.client()
        for i in 0..<3 {
            try c.send(get("/r\(i)", host: "reenc.test"))
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text.contains("\"name\":\"pod\""))
            #expect(r.text.contains("\"x-forwarded-proto\":\"https\""), "the pod saw a TLS connection")
        }
        try c.send("POST /big HTTP/1.1\r\nHost: reenc.test\r\nContent-Length: 300000\r\n\r\n")
        try c.send([UInt8](repeating: 0x63, count: 300_000))
        let big = try c.readResponse()
        #expect(big.text.contains("\"body_bytes\":300000"))
        #expect(eventually { proxy.proxy.counters().upstreamReuses >= 2 })
        #expect(pod.proxy.tls!.metrics.snapshot().handshakes == 1)
    }

    @Test func largeBodiesBothWaysCrossBothTLSHops() throws {
        let (pod, proxy) = try Self.pair(serverName: nil, caPEM: nil)
        defer { proxy.stop(); pod.stop() }
        // Client → HTTPS listener of the proxy → re-encrypted → HTTPS listener of the pod.
        let front = try Harness(echoNames: []) { c in c.httpsListen = try! SocketAddress(parsing: "127.0.0.1:0") }
        defer { front.stop() }
        front.store.publish(CatchAllSnapshot.make(endpoints: [proxy.proxy.httpAddress]))
        let c = try front.httpsClient("reenc.test")
        for size in [1, 70_000, 4 << 20] {
            try c.send("POST /up HTTP/1.1\r\nHost: reenc.test\r\nContent-Length: \(size)\r\n\r\n")
            try c.send([UInt8](repeating: 0x64, count: size))
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.text.contains("\"body_bytes\":\(size)"))
        }
    }

    @Test(arguments: [nil, UpstreamTLSTests.ca.certificatePEM])
    func newUpstreamConnectionsResumeTheLastSession(caPEM: [UInt8]?) throws {
        let (pod, proxy) = try Self.pair(serverName: "upstream.test", caPEM: caPEM, pooled: false)
        defer { proxy.stop(); pod.stop() }
        let c = try proxy.client()
        for i in 0..<4 {
            try c.send(get("/n\(i)", host: "reenc.test"))
            #expect(try c.readResponse().status == 200)
        }
        let s = pod.proxy.tls!.metrics.snapshot()
        #expect(s.handshakes == 4)
        #expect(s.resumedHandshakes >= 2)
    }

    @Test func aVerifiedBackendWithTheRightNameIsServed() throws {
        let (pod, proxy) = try Self.pair(serverName: "upstream.test", caPEM: Self.ca.certificatePEM)
        defer { proxy.stop(); pod.stop() }
        let c = try proxy.client()
        try c.send(get("/", host: "reenc.test"))
        #expect(try c.readResponse().status == 200)
    }

    @Test func aBackendWhoseCertificateDoesNotMatchGets502() throws {
        let (pod, proxy) = try Self.pair(serverName: "other.test", caPEM: Self.ca.certificatePEM)
        defer { proxy.stop(); pod.stop() }
        let c = try proxy.client()
        try c.send(get("/", host: "reenc.test"))
        #expect(try c.readResponse().status == 502)
    }
}
