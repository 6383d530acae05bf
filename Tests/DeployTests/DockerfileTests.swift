import Foundation
import Testing

/// The Dockerfile agrees with the manifests: the user the pods run as, the ports they
/// declare, and an entrypoint that the DaemonSet's args complete.
@Suite struct DockerfileTests {
    static func dockerfile() throws -> [String] {
        try String(contentsOf: Manifests.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func theRuntimeStageRunsAsUid65532LikeThePods() throws {
        let lines = try Self.dockerfile()
        let lastFrom = try #require(lines.lastIndex { $0.hasPrefix("FROM ") })
        #expect(lines[lastFrom] == "FROM debian:bookworm-slim")
        #expect(lines[lastFrom...].contains("USER 65532:65532"))
    }

    @Test func theEntrypointIsPorticoServeAndThePortsAreExposed() throws {
        let lines = try Self.dockerfile()
        #expect(lines.contains(#"ENTRYPOINT ["portico", "serve"]"#))
        #expect(lines.contains("EXPOSE 8080 8443 10254"))
    }

    @Test func theBuildIsAStaticStdlibReleaseBuildOfThePorticoProduct() throws {
        let text = try Self.dockerfile().joined(separator: "\n")
        #expect(text.contains("swift build -c release --static-swift-stdlib --product portico"))
        #expect(text.contains("libssl-dev libcurl4-openssl-dev"))
        #expect(text.contains("libssl3 libcurl4 ca-certificates"))
    }
}
