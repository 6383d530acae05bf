// swift-tools-version:6.0
// Micro-benchmark of the Telemetry hot paths, kept out of the main package so `swift test`
// never builds it. Run: cd bench/telemetry && swift run -c release
// (Sources/Telemetry is a symlink to the real module.)
import PackageDescription

let package = Package(
    name: "TelemetryBench",
    targets: [
        .target(name: "Telemetry"),
        .executableTarget(name: "TelemetryBench", dependencies: ["Telemetry"]),
    ]
)
