import YAML

/// Consistency checks over a set of Portico objects; each returns the problems it found
/// (empty when all is well), so the same checks run on deploy/ and on the rendered chart.
enum DeploymentChecks {
    static let namespace = "portico-system"

    /// Flags `portico serve` accepts, as the task named them; every one takes a value.
    /// `CLIArgumentTests` also runs the real binary on the manifests' args.
    static let acceptedFlags: Set<String> = [
        "--http-listen", "--https-listen", "--admin-listen", "--ingress-class", "--election-id",
        "--publish-service", "--watch-namespace", "--default-ssl-certificate", "--workers",
        "--access-log", "--drain-timeout", "--kubeconfig", "--manifests",
    ]

    /// Exactly what RBAC must grant: "group/resource:verb", group `core` for "".
    static let expectedPermissions: Set<String> = {
        var s: Set<String> = []
        func grant(_ group: String, _ resources: [String], _ verbs: [String]) {
            for r in resources { for v in verbs { s.insert("\(group)/\(r):\(v)") } }
        }
        grant("networking.k8s.io", ["ingresses", "ingressclasses"], ["get", "list", "watch"])
        grant("core", ["services", "secrets", "configmaps"], ["get", "list", "watch"])
        grant("discovery.k8s.io", ["endpointslices"], ["get", "list", "watch"])
        grant("networking.k8s.io", ["ingresses/status"], ["update"])
        grant("coordination.k8s.io", ["leases"], ["get", "create", "update"])
        grant("core", ["events"], ["create", "patch"])
        grant("events.k8s.io", ["events"], ["create", "patch"])
        return s
    }()

    static let allChecks: [(name: String, run: @Sendable (ManifestSet) -> [String])] = [
        ("objects", objectBasics),
        ("selectors", selectorsMatchPodLabels),
        ("service account", serviceAccountIsBound),
        ("ports", portsAgree),
        ("probes", probesUseAdminEndpoints),
        ("flags", flagsAreAccepted),
        ("rbac", rbacGrantsExactly),
        ("ingress class", ingressClassMatchesFlag),
        ("security", securityContextIsRestricted),
        ("scheduling", runsOnGatewayNodes),
        ("shutdown", shutdownFitsGracePeriod),
        ("env", downwardAPIEnvironment),
    ]

    /// Every problem from every check, prefixed with the check's name.
    static func problems(in set: ManifestSet) -> [String] {
        allChecks.flatMap { check in check.run(set).map { "\(check.name): \($0)" } }
    }

    // MARK: - Helpers

    static func container(_ set: ManifestSet) -> YAMLNode? {
        set.one("DaemonSet")?.node["spec", "template", "spec", "containers"]?.array.first
    }

    static func podSpec(_ set: ManifestSet) -> YAMLNode? {
        set.one("DaemonSet")?.node["spec", "template", "spec"]
    }

    /// `--flag value` and `--flag=value` pairs of the container's args, in order.
    static func flags(_ set: ManifestSet) -> [(flag: String, value: String?)] {
        let args = container(set)?["args"]?.stringArray ?? []
        var out: [(String, String?)] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                out.append((String(a[..<eq]), String(a[a.index(after: eq)...])))
            } else if a.hasPrefix("--") {
                let next = i + 1 < args.count && !args[i + 1].hasPrefix("--") ? args[i + 1] : nil
                out.append((a, next))
                if next != nil { i += 1 }
            } else {
                out.append((a, nil))  // a stray positional argument: reported by flagsAreAccepted
            }
            i += 1
        }
        return out
    }

    static func flagValue(_ set: ManifestSet, _ flag: String) -> String? {
        flags(set).first { $0.flag == flag }?.value
    }

    /// The port of a listen address `:8080`, `0.0.0.0:10254`, `[::]:8443`.
    static func port(ofListenAddress address: String) -> Int? {
        guard let colon = address.lastIndex(of: ":") else { return nil }
        return Int(address[address.index(after: colon)...])
    }

    /// Container ports by name.
    static func containerPorts(_ set: ManifestSet) -> [String: YAMLNode] {
        var out: [String: YAMLNode] = [:]
        for p in container(set)?["ports"]?.array ?? [] {
            if let n = p["name"]?.string { out[n] = p }
        }
        return out
    }

    /// Resolves a port reference (number or container port name) to a number.
    static func resolvePort(_ ref: YAMLNode?, in set: ManifestSet) -> Int? {
        guard let ref else { return nil }
        if case .int(let n) = ref { return Int(n) }
        if let name = ref.string { return containerPorts(set)[name]?["containerPort"]?.int ?? Int(name) }
        return nil
    }

    static func isSubset(_ a: [String: String], of b: [String: String]) -> Bool {
        a.allSatisfy { b[$0.key] == $0.value }
    }

    // MARK: - Checks

    static func objectBasics(_ set: ManifestSet) -> [String] {
        var p: [String] = []
        let namespaced: Set<String> = ["ServiceAccount", "Role", "RoleBinding", "DaemonSet", "Service", "ServiceMonitor",
                                         "PrometheusRule"]
        for o in set.objects {
            if o.apiVersion.isEmpty || o.kind.isEmpty || o.name.isEmpty { p.append("\(o.ref) lacks apiVersion, kind or name") }
            if namespaced.contains(o.kind), o.namespace != namespace {
                p.append("\(o.ref) is in namespace \(o.namespace ?? "(none)"), expected \(namespace)")
            }
            if o.labels["app.kubernetes.io/name"] != "portico" { p.append("\(o.ref) lacks label app.kubernetes.io/name=portico") }
        }
        for kind in ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "IngressClass",
                     "DaemonSet", "Service"] where set.all(kind).isEmpty {
            p.append("no \(kind)")
        }
        return p
    }

    static func selectorsMatchPodLabels(_ set: ManifestSet) -> [String] {
        guard let ds = set.one("DaemonSet") else { return ["no DaemonSet"] }
        let podLabels = ds.node["spec", "template", "metadata", "labels"]?.stringMap ?? [:]
        let selector = ds.node["spec", "selector", "matchLabels"]?.stringMap ?? [:]
        var p: [String] = []
        if selector.isEmpty { p.append("DaemonSet has no selector.matchLabels") }
        if !isSubset(selector, of: podLabels) { p.append("DaemonSet selector \(selector) does not match pod labels \(podLabels)") }
        for svc in set.all("Service") {
            let s = svc.node["spec", "selector"]?.stringMap ?? [:]
            if s.isEmpty || !isSubset(s, of: podLabels) { p.append("\(svc.ref) selector \(s) does not match pod labels \(podLabels)") }
        }
        for sm in set.all("ServiceMonitor") {
            let s = sm.node["spec", "selector", "matchLabels"]?.stringMap ?? [:]
            if !set.all("Service").contains(where: { isSubset(s, of: $0.labels) }) {
                p.append("\(sm.ref) selects no Service with \(s)")
            }
        }
        return p
    }

    static func serviceAccountIsBound(_ set: ManifestSet) -> [String] {
        guard let sa = set.one("ServiceAccount") else { return ["no ServiceAccount"] }
        var p: [String] = []
        let used = podSpec(set)?["serviceAccountName"]?.string
        if used != sa.name { p.append("pods use service account \(used ?? "(default)"), the manifests define \(sa.name)") }
        for binding in set.all("ClusterRoleBinding") + set.all("RoleBinding") {
            let subjects = binding.node["subjects"]?.array ?? []
            let bound = subjects.contains {
                $0["kind"]?.string == "ServiceAccount" && $0["name"]?.string == sa.name && $0["namespace"]?.string == namespace
            }
            if !bound || subjects.count != 1 { p.append("\(binding.ref) must have exactly the subject ServiceAccount \(namespace)/\(sa.name)") }
            let refKind = binding.node["roleRef", "kind"]?.string ?? ""
            let refName = binding.node["roleRef", "name"]?.string ?? ""
            let expectedKind = binding.kind == "ClusterRoleBinding" ? "ClusterRole" : "Role"
            if refKind != expectedKind || set.named(refKind, refName) == nil {
                p.append("\(binding.ref) refers to \(refKind)/\(refName), which the manifests do not define")
            }
        }
        return p
    }

    static func portsAgree(_ set: ManifestSet) -> [String] {
        var p: [String] = []
        let ports = containerPorts(set)
        let hostNetwork = podSpec(set)?["hostNetwork"]?.bool ?? false
        for (name, flag) in [("http", "--http-listen"), ("https", "--https-listen"), ("admin", "--admin-listen")] {
            guard let port = ports[name]?["containerPort"]?.int else { p.append("no container port named \(name)"); continue }
            let listen = flagValue(set, flag).flatMap(port(ofListenAddress:))
            if listen != port { p.append("\(flag) listens on \(listen.map(String.init) ?? "nothing"), container port \(name) is \(port)") }
        }
        if let admin = flagValue(set, "--admin-listen"), admin.hasPrefix("127.") || admin.hasPrefix("localhost") {
            p.append("--admin-listen \(admin) is unreachable for the kubelet's probes")
        }
        if !hostNetwork {
            for (name, host) in [("http", 80), ("https", 443)] where ports[name]?["hostPort"]?.int != host {
                p.append("container port \(name) should have hostPort \(host)")
            }
        } else if ports.values.contains(where: { $0["hostPort"] != nil && $0["hostPort"]?.int != $0["containerPort"]?.int }) {
            p.append("with hostNetwork a hostPort must equal its containerPort")
        }
        let adminPort = ports["admin"]?["containerPort"]?.int
        if ports["admin"]?["hostPort"] != nil && !hostNetwork { p.append("the admin port must not be exposed on the node") }
        for svc in set.all("Service") {
            for sp in svc.node["spec", "ports"]?.array ?? [] {
                let target = resolvePort(sp["targetPort"] ?? sp["port"], in: set)
                if target != adminPort { p.append("\(svc.ref) targets port \(target.map(String.init) ?? "?"), admin is \(adminPort ?? -1)") }
            }
            if let annotated = svc.annotations["prometheus.io/port"], Int(annotated) != adminPort {
                p.append("\(svc.ref) prometheus.io/port \(annotated) is not the admin port")
            }
        }
        return p
    }

    static func probesUseAdminEndpoints(_ set: ManifestSet) -> [String] {
        guard let c = container(set) else { return ["no container"] }
        let admin = containerPorts(set)["admin"]?["containerPort"]?.int
        var p: [String] = []
        for (probe, path) in [("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")] {
            guard let get = c[probe]?["httpGet"] else { p.append("no \(probe).httpGet"); continue }
            if get["path"]?.string != path { p.append("\(probe) path is \(get["path"]?.string ?? "none"), expected \(path)") }
            if resolvePort(get["port"], in: set) != admin { p.append("\(probe) does not probe the admin port") }
        }
        return p
    }

    static func flagsAreAccepted(_ set: ManifestSet) -> [String] {
        var p: [String] = []
        var seen: Set<String> = []
        for (flag, value) in flags(set) {
            if !acceptedFlags.contains(flag) { p.append("\(flag) is not a flag portico serve accepts") }
            if value == nil || value == "" { p.append("\(flag) has no value") }
            if !seen.insert(flag).inserted { p.append("\(flag) is given twice") }
        }
        for required in ["--http-listen", "--https-listen", "--admin-listen", "--ingress-class", "--election-id"]
        where !seen.contains(required) {
            p.append("\(required) is missing")
        }
        if let w = flagValue(set, "--workers"), (Int(w) ?? 0) < 1 { p.append("--workers \(w) is not a positive integer") }
        return p
    }

    static func rbacGrantsExactly(_ set: ManifestSet) -> [String] {
        var granted: Set<String> = []
        var p: [String] = []
        for role in set.all("ClusterRole") + set.all("Role") {
            for rule in role.node["rules"]?.array ?? [] {
                if rule["resourceNames"] != nil || rule["nonResourceURLs"] != nil {
                    p.append("\(role.ref) has resourceNames or nonResourceURLs, which this check does not expect")
                }
                for g in rule["apiGroups"]?.stringArray ?? [] {
                    for r in rule["resources"]?.stringArray ?? [] {
                        for v in rule["verbs"]?.stringArray ?? [] {
                            let key = "\(g.isEmpty ? "core" : g)/\(r):\(v)"
                            if key == "coordination.k8s.io/leases:\(v)", role.kind == "ClusterRole" {
                                p.append("leases should be granted by a Role in \(namespace), not cluster-wide")
                            }
                            granted.insert(key)
                        }
                    }
                }
            }
        }
        for extra in granted.subtracting(expectedPermissions).sorted() { p.append("grants more than needed: \(extra)") }
        for missing in expectedPermissions.subtracting(granted).sorted() { p.append("does not grant \(missing)") }
        return p
    }

    static func ingressClassMatchesFlag(_ set: ManifestSet) -> [String] {
        guard let ic = set.one("IngressClass") else { return ["no IngressClass"] }
        var p: [String] = []
        if ic.node["spec", "controller"]?.string != "portico.io/ingress-controller" {
            p.append("\(ic.ref) controller is not portico.io/ingress-controller")
        }
        if flagValue(set, "--ingress-class") != ic.name { p.append("--ingress-class does not name IngressClass \(ic.name)") }
        if let lease = flagValue(set, "--election-id"), lease.isEmpty { p.append("--election-id is empty") }
        return p
    }

    static func securityContextIsRestricted(_ set: ManifestSet) -> [String] {
        guard let c = container(set), let pod = podSpec(set) else { return ["no container"] }
        let sc = c["securityContext"]
        let psc = pod["securityContext"]
        var p: [String] = []
        func either(_ key: String) -> YAMLNode? { sc?[key] ?? psc?[key] }
        if either("runAsNonRoot")?.bool != true { p.append("runAsNonRoot is not true") }
        if either("runAsUser")?.int != 65532 { p.append("runAsUser is not 65532") }
        if sc?["readOnlyRootFilesystem"]?.bool != true { p.append("readOnlyRootFilesystem is not true") }
        if sc?["allowPrivilegeEscalation"]?.bool != false { p.append("allowPrivilegeEscalation is not false") }
        if sc?["capabilities", "drop"]?.stringArray != ["ALL"] { p.append("capabilities.drop is not [ALL]") }
        if sc?["capabilities", "add"]?.stringArray != ["NET_BIND_SERVICE"] { p.append("capabilities.add is not [NET_BIND_SERVICE]") }
        if either("seccompProfile")?["type"]?.string != "RuntimeDefault" { p.append("seccompProfile is not RuntimeDefault") }
        if sc?["privileged"]?.bool == true { p.append("container is privileged") }
        let requests = c["resources", "requests"]?.stringMap ?? [:]
        if requests["cpu"] == nil || requests["memory"] == nil { p.append("no CPU and memory requests") }
        if c["resources", "limits", "memory"] == nil { p.append("no memory limit") }
        return p
    }

    static func runsOnGatewayNodes(_ set: ManifestSet) -> [String] {
        guard let pod = podSpec(set) else { return ["no pod spec"] }
        let key = "node-role.kubernetes.io/gateway"
        var p: [String] = []
        if pod["nodeSelector"]?.stringMap[key] == nil { p.append("nodeSelector lacks \(key)") }
        let tolerated = (pod["tolerations"]?.array ?? []).contains {
            $0["key"]?.string == key && $0["operator"]?.string == "Exists" && $0["effect"]?.string == "NoSchedule"
        }
        if !tolerated { p.append("no toleration for the \(key) NoSchedule taint") }
        return p
    }

    static func shutdownFitsGracePeriod(_ set: ManifestSet) -> [String] {
        guard let pod = podSpec(set), let c = container(set) else { return ["no pod spec"] }
        let grace = pod["terminationGracePeriodSeconds"]?.int ?? 30
        let preStop = c["lifecycle", "preStop", "sleep", "seconds"]?.int ?? 0
        var drain = 0
        if let d = flagValue(set, "--drain-timeout") {
            guard let secs = Int(d.hasSuffix("s") ? String(d.dropLast()) : d) else { return ["--drain-timeout \(d) is not in seconds"] }
            drain = secs
        }
        if c["lifecycle", "preStop", "exec"] != nil { return ["preStop uses exec; the image has no shell to rely on"] }
        return grace > preStop + drain ? [] : ["terminationGracePeriodSeconds \(grace) <= preStop \(preStop) + drain \(drain)"]
    }

    static func downwardAPIEnvironment(_ set: ManifestSet) -> [String] {
        let env = container(set)?["env"]?.array ?? []
        var p: [String] = []
        for (name, path) in [("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace")] {
            let ok = env.contains { $0["name"]?.string == name && $0["valueFrom", "fieldRef", "fieldPath"]?.string == path }
            if !ok { p.append("env \(name) does not come from \(path)") }
        }
        return p
    }
}
