import Testing
import YAML

/// charts/portico: lints, renders, and renders objects that pass the same checks as deploy/.
/// Skipped when helm is not installed (`/work/shared/tools/install-helm-kubectl.sh`).
@Suite(.enabled(if: Manifests.helmPath != nil, "helm is not installed"))
struct HelmChartTests {
    @Test func theChartPassesHelmLintStrict() throws {
        let r = try Manifests.helm(["lint", "--strict", Manifests.chartDirectory.path])
        #expect(r.status == 0, "\(r.out)\(r.err)")
    }

    @Test(arguments: [
            [],
            ["hostNetwork=true"],
            ["ports.admin=9100", "ports.http=9080", "ports.https=9443", "controller.workers=4"],
            ["metrics.serviceMonitor.enabled=true", "metrics.prometheusRule.enabled=true",
             "defaultCertificate=portico-system/default-tls",
             "controller.watchNamespace=shop", "controller.publishService=portico-system/portico"],
          ])
    func theRenderedChartPassesEveryConsistencyCheck(values: [String]) throws {
        let set = try Manifests.renderChart(set: values)
        #expect(DeploymentChecks.problems(in: set) == [])
    }

    @Test
    func theDefaultsRenderTheSameObjectsAndArgsAsTheDeployDirectory() throws {
        let chart = try Manifests.renderChart()
        let plain = try Manifests.loadDeployDirectory()
        func ids(_ s: ManifestSet) -> [String] {
            s.objects.filter { $0.kind != "Namespace" }.map { "\($0.kind)/\($0.name)" }.sorted()
        }
        #expect(ids(chart) == ids(plain))
        #expect(DeploymentChecks.container(chart)?["args"] == DeploymentChecks.container(plain)?["args"])
        #expect(DeploymentChecks.container(chart)?["image"]?.string == "ghcr.io/portico-io/portico:0.1.0")
    }

    @Test
    func theServiceMonitorIsOffByDefaultAndMonitoringCoreosV1WhenOn() throws {
        #expect(try Manifests.renderChart().all("ServiceMonitor").isEmpty)
        let on = try Manifests.renderChart(set: ["metrics.serviceMonitor.enabled=true"])
        #expect(on.one("ServiceMonitor")?.apiVersion == "monitoring.coreos.com/v1")
    }

    @Test
    func hostNetworkDropsTheHostPortsAndUsesTheHostNetDNSPolicy() throws {
        let set = try Manifests.renderChart(set: ["hostNetwork=true"])
        let ports = DeploymentChecks.containerPorts(set)
        #expect(ports.values.allSatisfy { $0["hostPort"] == nil })
        #expect(DeploymentChecks.podSpec(set)?["dnsPolicy"]?.string == "ClusterFirstWithHostNet")
    }

    @Test func aGracePeriodShorterThanTheDrainIsRefused() throws {
        let r = try Manifests.helm(["template", "portico", Manifests.chartDirectory.path,
                                    "--set", "terminationGracePeriodSeconds=20"])
        #expect(r.status != 0)
        #expect(r.err.contains("terminationGracePeriodSeconds must be larger"))
    }
}
