import Testing
import YAML

/// deploy/: every file parses with the project's YAML reader and the objects agree.
@Suite
struct PlainManifestTests {
    @Test(arguments: DeploymentChecks.allChecks.map(\.name))
    func theDeployDirectoryPassesEachConsistencyCheck(check: String) throws {
        let set = try Manifests.loadDeployDirectory()
        let run = try #require(DeploymentChecks.allChecks.first { $0.name == check }).run
        #expect(run(set) == [])
    }

    @Test func theNamespaceIsCreatedByTheFileKubectlAppliesFirst() throws {
        let set = try Manifests.loadDeployDirectory()
        #expect(set.all("Namespace").map(\.name) == ["portico-system"])
        // `kubectl apply -f deploy/` walks the files in name order and does not reorder by
        // kind: every namespaced object must come after the file that creates its namespace.
        let nsFile = try #require(set.one("Namespace")?.source)
        for o in set.objects where o.namespace != nil {
            #expect(nsFile < o.source, "\(o.ref) is applied before its namespace")
        }
        #expect(set.objects.first?.kind == "Namespace")
    }

    @Test func theMetricsServiceCarriesThePrometheusScrapeAnnotations() throws {
        let svc = try #require(try Manifests.loadDeployDirectory().named("Service", "portico-metrics"))
        #expect(svc.annotations["prometheus.io/scrape"] == "true")
        #expect(svc.annotations["prometheus.io/path"] == "/metrics")
        #expect(svc.annotations["prometheus.io/port"] == "10254")
    }

    // MARK: - The checks catch mistakes

    static func with(_ extra: String) throws -> ManifestSet {
        let base = try Manifests.loadDeployDirectory()
        return ManifestSet(objects: base.objects + (try Manifests.parse(extra, source: "test")))
    }

    @Test func aRoleThatGrantsMoreThanTheListIsReported() throws {
        let set = try Self.with("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: extra, labels: {app.kubernetes.io/name: portico}}
            rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [delete]
            """)
        #expect(DeploymentChecks.rbacGrantsExactly(set) == ["grants more than needed: core/secrets:delete"])
    }

    @Test func anUnknownFlagIsReported() throws {
        let base = try Manifests.loadDeployDirectory()
        let objects = base.objects.map { o -> ManifestObject in
            guard o.kind == "DaemonSet" else { return o }
            return ManifestObject(node: o.node.replacingArgs { $0 + ["--no-such-flag", "1"] }, source: o.source)
        }
        #expect(DeploymentChecks.flagsAreAccepted(ManifestSet(objects: objects))
                == ["--no-such-flag is not a flag portico serve accepts"])
    }

    @Test func anAdminListenPortThatDiffersFromTheContainerPortIsReported() throws {
        let base = try Manifests.loadDeployDirectory()
        let objects = base.objects.map { o -> ManifestObject in
            guard o.kind == "DaemonSet" else { return o }
            return ManifestObject(node: o.node.replacingArgs { args in
                args.map { $0 == "0.0.0.0:10254" ? "0.0.0.0:9999" : $0 }
            }, source: o.source)
        }
        #expect(DeploymentChecks.portsAgree(ManifestSet(objects: objects))
                == ["--admin-listen listens on 9999, container port admin is 10254"])
    }

    @Test(arguments: [(":8080", 8080), ("0.0.0.0:10254", 10254), ("[::]:8443", 8443), ("nonsense", nil)])
    func listenAddressesYieldTheirPort(address: String, port: Int?) {
        #expect(DeploymentChecks.port(ofListenAddress: address) == port)
    }
}

extension YAMLNode {
    /// A copy of a DaemonSet with its first container's args transformed.
    func replacingArgs(_ f: ([String]) -> [String]) -> YAMLNode {
        updating(["spec", "template", "spec", "containers"]) { containers in
            guard case .sequence(var list) = containers, let first = list.first else { return containers }
            list[0] = first.updating(["args"]) { .sequence(f($0.stringArray).map(YAMLNode.string)) }
            return .sequence(list)
        }
    }

    /// A copy with the value at a key path replaced.
    func updating(_ path: [String], _ f: (YAMLNode) -> YAMLNode) -> YAMLNode {
        guard let key = path.first, case .mapping(var pairs) = self,
              let i = pairs.firstIndex(where: { $0.key == key }) else { return self }
        pairs[i].value = path.count == 1 ? f(pairs[i].value) : pairs[i].value.updating(Array(path.dropFirst()), f)
        return .mapping(pairs)
    }
}
