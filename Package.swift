// swift-tools-version:6.0
// Portico: a Kubernetes ingress controller and edge gateway.
// No package dependencies by design: toolchain libraries, plus OpenSSL and libcurl as
// system libraries, plus our own C shims for Linux syscalls (see ../shared/DESIGN.md).
import PackageDescription

let package = Package(
    name: "Portico",
    products: [
        .executable(name: "portico", targets: ["Portico"]),
    ],
    targets: [
        // MARK: - C shims and system libraries
        .target(name: "CLinux"),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),

        // MARK: - Pure modules (no I/O)
        .target(name: "HTTP1"),
        .target(name: "Routing"),
        .target(name: "YAML"),
        .target(name: "KubeAPI", dependencies: ["YAML"]),
        .target(name: "Reconciler", dependencies: ["KubeAPI", "Routing"]),

        // MARK: - I/O modules
        .target(name: "Telemetry"),
        // Reactor and DataPlane are loop-confined by design; dynamic exclusivity checks on
        // their class fields cost ~12% of the proxy's instructions per request (callgrind).
        .target(name: "Reactor", dependencies: ["CLinux", "Telemetry"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "TLS", dependencies: ["COpenSSL", "Routing"]),
        .target(name: "DataPlane",
                dependencies: ["Reactor", "HTTP1", "TLS", "Routing", "Telemetry"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .target(name: "KubeClient", dependencies: ["CCurl", "KubeAPI", "Telemetry", "YAML"]),
        .target(name: "Controller",
                dependencies: ["KubeClient", "KubeAPI", "Reconciler", "Routing", "Telemetry", "YAML"]),

        // MARK: - The executable: CLI and wiring, the one place the planes meet
        .executableTarget(name: "Portico",
                          dependencies: ["DataPlane", "Controller", "KubeClient", "Reconciler", "KubeAPI",
                                         "Routing", "Telemetry", "TLS", "YAML"]),

        // MARK: - Benchmarks
        .executableTarget(name: "portico-scale-bench",
                          dependencies: ["Reconciler", "KubeAPI", "Routing", "Controller", "Telemetry"],
                          path: "bench/scale"),

        // MARK: - Tests
        // An in-memory Kubernetes API server on 127.0.0.1, shared by the client and end-to-end tests.
        .target(name: "FakeKubeAPI", dependencies: ["KubeAPI"], path: "Tests/FakeKubeAPI"),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "KubeAPITests", dependencies: ["KubeAPI", "YAML"]),
        .testTarget(name: "ReconcilerTests",
                    dependencies: ["Reconciler", "KubeAPI", "Routing", "YAML", "Controller", "Telemetry"],
                    exclude: ["Golden"]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"]),
        .testTarget(name: "DeployTests", dependencies: ["YAML", "Telemetry"]),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor", "CLinux"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "Routing"]),
        .testTarget(name: "DataPlaneTests",
                    dependencies: ["DataPlane", "HTTP1", "Reactor", "Routing", "Telemetry"]),
        .testTarget(name: "KubeClientTests",
                    dependencies: ["KubeClient", "KubeAPI", "Telemetry", "Controller", "Reconciler", "Routing",
                                   "FakeKubeAPI"]),
        .testTarget(name: "EndToEndTests",
                    dependencies: ["Routing", "HTTP1", "YAML", "DataPlane", "Reactor", "Telemetry", "TLS", "Controller",
                                   "KubeClient", "KubeAPI", "Reconciler", "FakeKubeAPI"]),
    ]
)
