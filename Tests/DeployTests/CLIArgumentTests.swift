import Foundation
import Testing

/// The DaemonSet's args (deploy/ and the rendered chart) are accepted by the real `portico`
/// binary: `portico serve ARGS --help` parses and validates every flag and value, then prints
/// help instead of serving. Skipped when the binary was not built next to the tests.
@Suite(.enabled(if: PorticoBinary.path != nil, "the portico binary is not built"))
struct CLIArgumentTests {
    /// Flags the manifests use that the CLI does not accept yet (the pods would exit with
    /// "unknown flag"), so this list must be empty before a release.
    static let pendingFlags: Set<String> = []

    static func argsWithoutPending(_ set: ManifestSet) -> [String] {
        var out: [String] = []
        for (flag, value) in DeploymentChecks.flags(set) where !pendingFlags.contains(flag) {
            out.append(flag)
            if let value { out.append(value) }
        }
        return out
    }

    @Test func theDeployDirectoryArgsParse() throws {
        let args = Self.argsWithoutPending(try Manifests.loadDeployDirectory())
        let r = try PorticoBinary.run(["serve"] + args + ["--help"])
        #expect(r.status == 0, "portico serve \(args.joined(separator: " ")): \(r.err)")
    }

    @Test(.enabled(if: Manifests.helmPath != nil, "helm is not installed"))
    func theRenderedChartArgsParse() throws {
        let set = try Manifests.renderChart(set: ["controller.watchNamespace=shop", "defaultCertificate=portico-system/tls",
                                                  "controller.publishService=portico-system/portico"])
        let args = Self.argsWithoutPending(set)
        let r = try PorticoBinary.run(["serve"] + args + ["--help"])
        #expect(r.status == 0, "portico serve \(args.joined(separator: " ")): \(r.err)")
    }

    @Test func everyFlagTheManifestsUseIsInTheHelpOrKnownPending() throws {
        let help = try PorticoBinary.run(["serve", "--help"]).out
        let listed = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.hasPrefix("--") }.map(String.init))
        for (flag, _) in DeploymentChecks.flags(try Manifests.loadDeployDirectory()) {
            #expect(listed.contains(flag) || Self.pendingFlags.contains(flag), "\(flag) is not a portico serve flag")
        }
        for flag in Self.pendingFlags where listed.contains(flag) {
            Issue.record("\(flag) is supported now: remove it from pendingFlags")
        }
    }
}

/// The `portico` executable built beside the test bundle.
enum PorticoBinary {
    static let path: String? = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
            .deletingLastPathComponent().appendingPathComponent("portico").path
        let candidates = [besideTests, Manifests.root.appendingPathComponent(".build/debug/portico").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs the binary; it is killed after 10 s if it has not exited (it should exit at once).
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10, execute: watchdog)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        watchdog.cancel()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
