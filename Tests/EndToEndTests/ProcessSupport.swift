import Foundation
import Reactor
import Synchronization

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

/// A 127.0.0.1 port for a child process to bind.
///
/// Picked below the kernel's ephemeral range (32768–60999 on Linux), so no `bind(port 0)`
/// elsewhere in the test process can be handed the same port between this check and the
/// child's own bind; a process-wide counter keeps our own picks distinct. This matters
/// because Portico listens with SO_REUSEPORT: a collision would not fail, it would silently
/// split connections between two processes.
func freePort() throws -> UInt16 {
    for _ in 0..<2000 {
        let port = PortAllocator.next()
        guard let fd = try? TCPSocket.listen(on: try SocketAddress(parsing: "127.0.0.1:\(port)"), reusePort: false)
        else { continue }
        Syscall.close(fd)
        return port
    }
    throw PortAllocator.Exhausted()
}

/// Hands out ports 20000–31999 in turn, from a random start so test runs differ.
private enum PortAllocator {
    struct Exhausted: Error {}
    static let counter = Atomic<UInt32>(UInt32.random(in: 0..<12_000))
    static func next() -> UInt16 {
        UInt16(20_000 + counter.add(1, ordering: .relaxed).newValue % 12_000)
    }
}
