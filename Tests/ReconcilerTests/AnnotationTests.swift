import KubeAPI
import Reconciler
import Routing
import Testing

private func route(_ annotations: [String: String]) -> (RouteMatch?, [ConfigWarning]) {
    let (snap, warnings) = build(world(ingress("a", annotations: annotations).rule("a.test", path("/"))))
    return (snap.lookup(host: "a.test", path: "/"), warnings)
}

@Test("ssl-redirect and its nginx alias set the route policy", arguments: [
    (["portico.io/ssl-redirect": "false"], false),
    (["nginx.ingress.kubernetes.io/ssl-redirect": "false"], false),
    (["portico.io/ssl-redirect": "true"], true),
    ([:], true),
    (["portico.io/ssl-redirect": "true", "nginx.ingress.kubernetes.io/ssl-redirect": "false"], true),
])
func sslRedirect(annotations: [String: String], expected: Bool) {
    let (m, warnings) = route(annotations)
    #expect(warnings.isEmpty)
    #expect(m?.route.policies.sslRedirect == expected)
}

@Test("backend-protocol chooses how the proxy speaks to the endpoints", arguments: [
    (["portico.io/backend-protocol": "HTTPS"], UpstreamProtocol.https),
    (["nginx.ingress.kubernetes.io/backend-protocol": "https"], .https),
    (["portico.io/backend-protocol": "HTTP"], .http),
    ([:], .http),
])
func backendProtocol(annotations: [String: String], expected: UpstreamProtocol) {
    let (m, warnings) = route(annotations)
    #expect(warnings.isEmpty)
    #expect(m?.backend?.upstreamProtocol == expected)
}

@Test("Invalid annotation values warn, name the annotation and the allowed values, and keep the default", arguments: [
    ("portico.io/ssl-redirect", "yes", "\"true\" or \"false\""),
    ("nginx.ingress.kubernetes.io/use-regex", "1", "\"true\" or \"false\""),
    ("portico.io/backend-protocol", "GRPC", "\"HTTP\" or \"HTTPS\""),
])
func invalidAnnotations(key: String, value: String, allowed: String) {
    let (m, warnings) = route([key: value])
    #expect(warnings.reasons == ["InvalidAnnotation"])
    #expect(warnings.first?.field == "metadata.annotations[\(key)]")
    #expect(warnings.first?.message.contains(allowed) == true)
    #expect(m?.route.policies.sslRedirect == true)
    #expect(m?.backend?.upstreamProtocol == .http)
}

@Test func hstsAnnotationsBuildTheHeaderPolicy() {
    let (m, warnings) = route(["portico.io/hsts": "true", "portico.io/hsts-max-age": "600",
                               "portico.io/hsts-include-subdomains": "true"])
    #expect(warnings.isEmpty)
    #expect(m?.route.policies.hsts?.headerValue == "max-age=600; includeSubDomains")
    #expect(route([:]).0?.route.policies.hsts == nil)
}

@Test func unknownPorticoAndUnsupportedNginxAnnotationsAreReportedButHarmless() {
    let (m, warnings) = route(["portico.io/rewrite": "/", "nginx.ingress.kubernetes.io/rewrite-target": "/",
                               "nginx.ingress.kubernetes.io/some-future-thing": "x"])
    #expect(warnings.reasons == ["UnsupportedAnnotation", "UnsupportedAnnotation"])
    #expect(warnings.allSatisfy { !$0.isBreaking })
    #expect(m != nil)
}

@Test func twoBackendProtocolsForOneServiceGiveTwoBackends() {
    let s = world(ingress("a", annotations: ["portico.io/backend-protocol": "HTTPS"]).rule("a.test", path("/")),
                  ingress("b").rule("b.test", path("/")))
    let snap = build(s).snapshot
    #expect(snap.backends.count == 2)
    #expect(snap.lookup(host: "a.test", path: "/")?.backend?.upstreamProtocol == .https)
    #expect(snap.lookup(host: "b.test", path: "/")?.backend?.upstreamProtocol == .http)
}
