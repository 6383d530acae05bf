import Foundation
import YAML

/// One Kubernetes object read from a manifest, with the file it came from for messages.
struct ManifestObject {
    let node: YAMLNode
    let source: String

    var kind: String { node["kind"]?.string ?? "" }
    var apiVersion: String { node["apiVersion"]?.string ?? "" }
    var name: String { node["metadata", "name"]?.string ?? "" }
    var namespace: String? { node["metadata", "namespace"]?.string }
    var labels: [String: String] { node["metadata", "labels"]?.stringMap ?? [:] }
    var annotations: [String: String] { node["metadata", "annotations"]?.stringMap ?? [:] }
    /// `Kind/name` for messages.
    var ref: String { "\(kind)/\(name) (\(source))" }
}

/// A set of objects that are deployed together (deploy/, or one `helm template` output).
struct ManifestSet {
    let objects: [ManifestObject]

    func all(_ kind: String) -> [ManifestObject] { objects.filter { $0.kind == kind } }
    func one(_ kind: String) -> ManifestObject? { all(kind).first }
    func named(_ kind: String, _ name: String) -> ManifestObject? {
        objects.first { $0.kind == kind && $0.name == name }
    }
}

/// Where the manifests live and how to read them.
enum Manifests {
    /// The repository root, found from this file's path (Tests/DeployTests/ManifestObjects.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let deployDirectory = root.appendingPathComponent("deploy")
    static let chartDirectory = root.appendingPathComponent("charts/portico")

    /// Every `*.yaml` file under deploy/, parsed.
    static func loadDeployDirectory() throws -> ManifestSet {
        let files = try FileManager.default.contentsOfDirectory(atPath: deployDirectory.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var objects: [ManifestObject] = []
        for file in files {
            let text = try String(contentsOf: deployDirectory.appendingPathComponent(file), encoding: .utf8)
            objects += try parse(text, source: "deploy/\(file)")
        }
        return ManifestSet(objects: objects)
    }

    static func parse(_ text: String, source: String) throws -> [ManifestObject] {
        try YAMLReader.documents(from: text).filter { $0 != .null }.map { ManifestObject(node: $0, source: source) }
    }

    // MARK: - Helm

    static let helmPath: String? = ["/usr/local/bin/helm", "/usr/bin/helm"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs helm with `arguments`; returns (exit status, stdout, stderr). Bounded by helm
    /// itself: `template` and `lint` do no network I/O.
    static func helm(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: helmPath!)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        // Keep helm's cache and config out of the user's home and off the network.
        var env = ProcessInfo.processInfo.environment
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("portico-helm-test").path
        env["HELM_CACHE_HOME"] = scratch + "/cache"
        env["HELM_CONFIG_HOME"] = scratch + "/config"
        env["HELM_DATA_HOME"] = scratch + "/data"
        p.environment = env
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// `helm template portico charts/portico -n portico-system` with extra `--set` values.
    static func renderChart(set values: [String] = []) throws -> ManifestSet {
        let r = try helm(["template", "portico", chartDirectory.path, "--namespace", "portico-system"]
                         + values.flatMap { ["--set", $0] })
        guard r.status == 0 else { throw HelmFailure(message: r.err) }
        return ManifestSet(objects: try parse(r.out, source: "helm template"))
    }
}

/// helm exited non-zero.
struct HelmFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { "helm failed: \(message)" }
}

extension YAMLNode {
    /// Walks nested mappings by key.
    subscript(_ first: String, _ rest: String...) -> YAMLNode? {
        var node = self[first]
        for k in rest { node = node?[k] }
        return node
    }

    var string: String? {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): String(b)
        default: nil
        }
    }

    var int: Int? {
        switch self {
        case .int(let i): Int(i)
        case .string(let s): Int(s)
        default: nil
        }
    }

    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }

    var array: [YAMLNode] { if case .sequence(let a) = self { a } else { [] } }

    var stringArray: [String] { array.compactMap(\.string) }

    var stringMap: [String: String] {
        guard case .mapping(let pairs) = self else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in pairs { out[k] = v.string ?? "" }
        return out
    }
}
