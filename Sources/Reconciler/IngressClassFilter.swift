import KubeAPI
import Routing

/// Step 1 of the build: which Ingresses Portico serves.
///
/// An Ingress is ours when (in this order of precedence, as the API's deprecation notes
/// describe) its legacy `kubernetes.io/ingress.class` annotation equals our class name,
/// or its `spec.ingressClassName` names an IngressClass whose `spec.controller` is ours,
/// or it names no class and one of our IngressClasses is marked default. Ingresses of
/// other classes are not ours and are ignored without a word; naming a class that does
/// not exist is a warning (nobody will serve that Ingress).
enum IngressClassFilter {
    static func select(_ state: ClusterState, options: SnapshotBuilderOptions,
                       warnings: inout [ConfigWarning]) -> [Ingress] {
        let ourClasses = state.ingressClasses.values.filter { $0.spec.controller == options.controllerName }
        let ourNames = Set(ourClasses.map(\.metadata.name))
        let haveDefault = ourClasses.contains { $0.isDefault }
        var selected: [Ingress] = []
        for ing in state.ingresses.values {
            if let legacy = ing.metadata.annotations?[IngressAnnotations.legacyClass] {
                if legacy == options.ingressClassName || ourNames.contains(legacy) { selected.append(ing) }
                continue
            }
            if let name = ing.spec.ingressClassName {
                if ourNames.contains(name) {
                    selected.append(ing)
                } else if state.ingressClasses[name] == nil {
                    warnings.append(ConfigWarning(ing.ref, "spec.ingressClassName", .ingressClassNotFound,
                        "IngressClass \"\(name)\" does not exist; create it with spec.controller \"\(options.controllerName)\" for Portico to serve this Ingress"))
                }
                continue
            }
            if haveDefault { selected.append(ing) }
        }
        return selected.sorted(by: Ingress.isOlder)
    }
}

extension Ingress {
    /// The reference warnings and routes carry.
    var ref: ObjectRef {
        ObjectRef(kind: "Ingress", namespace: metadata.namespace ?? "", name: metadata.name)
    }

    /// Conflict order: the oldest by creationTimestamp wins, then namespace/name.
    /// RFC 3339 timestamps in UTC ("Z") compare correctly as text; objects without one
    /// (manifests) sort after those with one.
    static func isOlder(_ a: Ingress, _ b: Ingress) -> Bool {
        let ta = a.metadata.creationTimestamp ?? "~", tb = b.metadata.creationTimestamp ?? "~"
        if ta != tb { return ta < tb }
        return (a.metadata.namespace ?? "", a.metadata.name) < (b.metadata.namespace ?? "", b.metadata.name)
    }
}
