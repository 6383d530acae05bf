import Foundation
import Testing

/// deploy/ and the rendered chart against the Kubernetes OpenAPI schemas, strictly (unknown
/// fields rejected), with `kubernetes-validate` (PyPI) when it is installed; skipped otherwise.
@Suite(.enabled(if: SchemaValidator.path != nil, "kubernetes-validate is not installed"))
struct SchemaValidationTests {
    static let versions = SchemaValidator.versions

    static func validate(_ files: [String], version: String) throws -> (status: Int32, output: String) {
        try SchemaValidator.validate(files, version: version)
    }

    @Test(arguments: versions)
    func everyFileInTheDeployDirectoryIsValidStrictly(version: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Manifests.deployDirectory.path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { Manifests.deployDirectory.appendingPathComponent($0).path }
        let r = try Self.validate(files, version: version)
        #expect(r.status == 0, "\(r.output)")
    }

    @Test(.enabled(if: Manifests.helmPath != nil, "helm is not installed"), arguments: versions)
    func theRenderedChartIsValidStrictly(version: String) throws {
        let r = try Manifests.helm(["template", "portico", Manifests.chartDirectory.path, "-n", "portico-system"])
        try #require(r.status == 0, "\(r.err)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portico-chart-\(version).yaml")
        try r.out.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let v = try Self.validate([file.path], version: version)
        #expect(v.status == 0, "\(v.output)")
    }
}

/// The `kubernetes-validate` command, found on PATH.
enum SchemaValidator {
    static let path: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/kubernetes-validate" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Oldest Kubernetes the manifests support (preStop sleep on by default), and a current one.
    static let versions = ["1.30.0", "1.34.0"]

    static func validate(_ files: [String], version: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = ["--strict", "--quiet", "-k", version] + files
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
