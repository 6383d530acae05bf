import Foundation
import Reactor

/// The built `portico` binary next to the test bundle (`swift build --build-tests` builds
/// both), for the tests that need a real process: signals, flags, exit codes.
func porticoBinary() -> URL? {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = bundle.deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("portico")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let fallback = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/portico")
    return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
}

/// A free 127.0.0.1 port (bound and released; the child binds it right after).
func freePort() throws -> UInt16 {
    let fd = try TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:0"), reusePort: false)
    defer { Syscall.close(fd) }
    return try TCPSocket.localAddress(fd).port
}
