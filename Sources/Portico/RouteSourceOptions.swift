import Controller
import Reconciler

/// Where `portico serve` learns its routes (a manifests folder, the Kubernetes API, or a
/// fixed upstream list) and the builder settings every source shares.
struct RouteSourceOptions {
    /// `--manifests DIR`: build from a folder of manifests, watched for changes.
    var manifests: String?
    /// `--kubeconfig PATH`: watch the API server it names (else in-cluster when
    /// `KUBERNETES_SERVICE_HOST` is set).
    var kubeconfig: String?
    /// `--context NAME` inside the kubeconfig.
    var context: String?
    /// `--watch-namespace NS`: only this namespace's objects.
    var watchNamespace: String?
    /// `--ingress-class NAME`: the class name for the legacy annotation.
    var ingressClass = "portico"
    /// `--controller-name`: the IngressClass `spec.controller` value Portico serves.
    var controllerName = "portico.io/ingress-controller"
    /// `--election-id`: the Lease for leader election; "" disables it.
    var electionID = "portico-leader"
    /// `--publish-service NS/NAME` or `--publish-address ADDR` for Ingress status.
    var publish: IngressStatusSource?
    /// `--default-backend NS/SERVICE:PORT` for requests that match nothing.
    var defaultBackend: String?
    /// `--default-ssl-certificate NS/NAME`.
    var defaultCertificate: String?
    /// `--min-rebuild-interval`: at most one full rebuild per this many milliseconds.
    var minRebuildIntervalMs = 50
    /// `--no-events`: do not post builder warnings as Kubernetes Events.
    var events = true

    static let flags: [ServeOptions.Flag] = [
        .init(name: "--manifests", value: "DIR", help: "build routes from a folder of manifests (YAML/JSON), watched for changes"),
        .init(name: "--kubeconfig", value: "PATH", help: "watch the API server of this kubeconfig (default: in-cluster when run in a pod)"),
        .init(name: "--context", value: "NAME", help: "kubeconfig context (default: its current-context)"),
        .init(name: "--watch-namespace", value: "NS", help: "only watch this namespace (default: all)"),
        .init(name: "--ingress-class", value: "NAME", help: "class name matched by kubernetes.io/ingress.class (default portico)"),
        .init(name: "--controller-name", value: "NAME", help: "IngressClass spec.controller served (default portico.io/ingress-controller)"),
        .init(name: "--election-id", value: "NAME", help: "Lease used for leader election; empty disables (default portico-leader)"),
        .init(name: "--publish-service", value: "NS/NAME", help: "write this Service's load-balancer address into Ingress status"),
        .init(name: "--publish-address", value: "ADDR", help: "write this IP or host name into Ingress status"),
        .init(name: "--default-backend", value: "NS/SVC:PORT", help: "serve requests that match no rule from this Service port"),
        .init(name: "--default-ssl-certificate", value: "NS/NAME", help: "TLS Secret served to clients without SNI or with an unknown name"),
        .init(name: "--min-rebuild-interval", value: "DUR", help: "coalesce changes: at most one rebuild per interval (default 50ms)"),
        .init(name: "--no-events", value: "", help: "do not post warnings as Kubernetes Events"),
    ]

    /// Applies one flag if it is a route-source flag; false when it belongs elsewhere.
    mutating func apply(_ name: String, _ inline: String?, _ p: inout FlagParser) throws(CLIError) -> Bool {
        func value(_ expected: String) throws(CLIError) -> String { try p.value(for: name, inline: inline, expected: expected) }
        switch name {
        case "--manifests": manifests = try value("a folder of manifests")
        case "--kubeconfig": kubeconfig = try value("a kubeconfig path")
        case "--context": context = try value("a context name")
        case "--watch-namespace": watchNamespace = try value("a namespace")
        case "--ingress-class": ingressClass = try value("an IngressClass name")
        case "--controller-name": controllerName = try value("a controller name such as portico.io/ingress-controller")
        case "--election-id": electionID = try value("a Lease name")
        case "--publish-service":
            let v = try value("NAMESPACE/NAME")
            guard let s = IngressStatusSource.service(v) else { throw .invalidValue(name, v, expected: "NAMESPACE/NAME") }
            publish = s
        case "--publish-address":
            let v = try value("IP addresses or host names, comma-separated")
            let list = v.split(separator: ",").map(String.init).filter { !$0.isEmpty }
            guard !list.isEmpty else { throw .invalidValue(name, v, expected: "an IP address or host name") }
            publish = .addresses(list)
        case "--default-backend":
            let v = try value("NAMESPACE/SERVICE:PORT")
            guard Self.isBackendReference(v) else { throw .invalidValue(name, v, expected: "NAMESPACE/SERVICE:PORT") }
            defaultBackend = v
        case "--default-ssl-certificate":
            let v = try value("NAMESPACE/NAME")
            guard v.split(separator: "/").count == 2 else { throw .invalidValue(name, v, expected: "NAMESPACE/NAME") }
            defaultCertificate = v
        case "--min-rebuild-interval":
            minRebuildIntervalMs = Int(try FlagValue.duration(name, try value("a duration")) / 1_000_000)
        case "--no-events": events = false
        default: return false
        }
        return true
    }

    /// Builder settings shared by every source.
    func builderOptions(validator: CertificateValidator?) -> SnapshotBuilderOptions {
        SnapshotBuilderOptions(controllerName: controllerName, ingressClassName: ingressClass,
                               defaultBackend: defaultBackend, defaultCertificateSecret: defaultCertificate,
                               certificateValidator: validator)
    }

    private static func isBackendReference(_ v: String) -> Bool {
        let parts = v.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let svc = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        return svc.count == 2 && !svc[0].isEmpty && !svc[1].isEmpty
    }
}
