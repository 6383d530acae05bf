/// The version `portico --version`, the build-info metric and the User-Agent report.
enum Version {
    static let current = "0.1.0-dev"
}
