import KubeAPI
import Reconciler
import Routing
import Testing

/// One class-selection case: the classes present, the Ingress, and whether we serve it.
struct ClassCase: CustomTestStringConvertible, Sendable {
    var name: String
    var classes: [IngressClass]
    var ingress: Ingress
    var served: Bool
    var warning: String?
    var testDescription: String { name }
}

let classCases: [ClassCase] = [
    ClassCase(name: "ingressClassName naming our class is served",
              classes: [ingressClass()], ingress: ingress("a").rule("a.test", path("/")), served: true),
    ClassCase(name: "ingressClassName naming another controller's class is ignored silently",
              classes: [ingressClass(), ingressClass("nginx", controller: "k8s.io/ingress-nginx")],
              ingress: ingress("a", className: "nginx").rule("a.test", path("/")), served: false),
    ClassCase(name: "ingressClassName naming a missing class warns",
              classes: [ingressClass()], ingress: ingress("a", className: "nope").rule("a.test", path("/")),
              served: false, warning: "IngressClassNotFound"),
    ClassCase(name: "legacy annotation with our class name is served",
              classes: [], ingress: ingress("a", className: nil, annotations: ["kubernetes.io/ingress.class": "portico"])
                .rule("a.test", path("/")), served: true),
    ClassCase(name: "legacy annotation with another class name is ignored",
              classes: [ingressClass()], ingress: ingress("a", className: nil, annotations: ["kubernetes.io/ingress.class": "nginx"])
                .rule("a.test", path("/")), served: false),
    ClassCase(name: "no class is served when our class is the default",
              classes: [ingressClass(isDefault: true)], ingress: ingress("a", className: nil).rule("a.test", path("/")),
              served: true),
    ClassCase(name: "no class is ignored when our class is not the default",
              classes: [ingressClass()], ingress: ingress("a", className: nil).rule("a.test", path("/")), served: false),
    ClassCase(name: "no class is ignored when the default class belongs to another controller",
              classes: [ingressClass(), ingressClass("nginx", controller: "k8s.io/ingress-nginx", isDefault: true)],
              ingress: ingress("a", className: nil).rule("a.test", path("/")), served: false),
    ClassCase(name: "a class of ours under another name is served",
              classes: [ingressClass("edge")], ingress: ingress("a", className: "edge").rule("a.test", path("/")),
              served: true),
]

@Test("Ingress class selection follows the API's class rules", arguments: classCases)
func ingressClassSelection(_ c: ClassCase) {
    var s = state(service("web"), slice("web-1", service: "web", [("10.0.0.1", true)]), c.ingress)
    for cls in c.classes { s.upsert(cls) }
    let (snapshot, warnings) = build(s)
    #expect((snapshot.lookup(host: "a.test", path: "/") != nil) == c.served)
    #expect(warnings.reasons == (c.warning.map { [$0] } ?? []))
}

@Test func aControllerNameFromTheOptionsSelectsItsClasses() {
    let s = state(ingressClass("mine", controller: "example.com/gw"), service("web"),
                  ingress("a", className: "mine").rule("a.test", path("/")))
    #expect(build(s).snapshot.lookup(host: "a.test", path: "/") == nil)
    let opts = SnapshotBuilderOptions(controllerName: "example.com/gw")
    #expect(build(s, opts).snapshot.lookup(host: "a.test", path: "/") != nil)
}
