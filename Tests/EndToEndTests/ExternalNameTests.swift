import Controller
import DataPlane
import Foundation
import Reactor
import Routing
import Telemetry
import Testing

/// An ExternalName Service `localhost` (resolved by the real `getaddrinfo` from
/// /etc/hosts, no DNS query) in a manifests folder routes to an echo server on 127.0.0.1.
@Test func anExternalNameServiceInAManifestsFolderRoutesToTheNamedHost() throws {
    let h = try Harness(echoNames: [])
    defer { h.stop() }
    let echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: "external")
    echo.start()
    defer { echo.stop() }

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("portico-extname-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try """
    apiVersion: networking.k8s.io/v1
    kind: IngressClass
    metadata: {name: portico}
    spec: {controller: portico.io/ingress-controller}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: outside, namespace: default}
    spec:
      type: ExternalName
      externalName: localhost
      ports: [{name: http, port: \(echo.address.port)}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: out, namespace: default}
    spec:
      ingressClassName: portico
      rules:
        - host: out.test
          http:
            paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: outside, port: {name: http}}}
    """.write(to: dir.appendingPathComponent("extname.yaml"), atomically: true, encoding: .utf8)

    let source = ManifestSource(directory: dir.path, options: ManifestSourceOptions(useInotify: false), store: h.store,
                                log: Logger(label: "t", level: .error, sink: CapturingLogSink()))
    defer { source.stop() }
    let report = source.reload()
    #expect(report.load.errors.isEmpty && report.published != nil)

    let backend = h.store.load().lookup(host: "out.test", path: "/")?.backend
    #expect(backend?.endpoints.contains(Endpoint(host: "127.0.0.1", port: echo.address.port)) == true)
    #expect(backend?.endpoints.allSatisfy { $0.host != "localhost" } == true)
    #expect(backend?.settings.upstreamServerName == "localhost")
    #expect(h.store.load().warnings.isEmpty)

    let c = try h.client()
    try c.send(get("/via-external", host: "out.test"))
    let r = try c.readResponse()
    #expect(r.status == 200)
    let body = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
    #expect(body["name"] as? String == "external")
    #expect(body["path"] as? String == "/via-external")
}
