import DataPlane
import Foundation
import Reactor
import Routing
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `portico serve` as a child process with the given upstreams.
private final class PorticoProcess {
    let process = Process()
    let http: SocketAddress
    let admin: SocketAddress

    init(upstreams: [SocketAddress], extra: [String] = []) throws {
        guard let bin = porticoBinary() else { throw TestClientError.malformed("portico binary not built") }
        http = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        admin = try SocketAddress(parsing: "127.0.0.1:\(try freePort())")
        process.executableURL = bin
        process.arguments = ["serve", "--http-listen", http.description, "--admin-listen", admin.description,
                             "--workers", "1", "--access-log", "off", "--https-listen", "off",
                             "--upstream", upstreams.map(\.description).joined(separator: ",")] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = eventually(seconds: 10) {
            guard let c = try? TestClient(self.admin, timeoutSeconds: 1) else { return false }
            return (try? c.send(get("/readyz"))) != nil && (try? c.readResponse())?.status == 200
        }
        if !ready { process.terminate(); throw TestClientError.timeout }
    }

    var pid: String { String(process.processIdentifier) }

    /// Peak resident memory of the child, KiB.
    var peakKiB: Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }

    func terminate() { if process.isRunning { kill(process.processIdentifier, SIGTERM) } }

    /// Waits (bounded) for exit; the exit status or nil if still running.
    func waitExit(seconds: Double) -> Int32? {
        _ = eventually(seconds: seconds) { !process.isRunning }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); return nil }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
}

@Suite(.serialized)
struct ProcessTests {
    @Test func sigtermDrainsTheRequestInFlightThenExitsZero() throws {
        let up = try ScriptedUpstream { _, fd in
            usleep(600_000)
            writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone")
            return true
        }
        defer { up.stop() }
        let p = try PorticoProcess(upstreams: [up.address], extra: ["--drain-timeout", "5s"])
        let idle = try TestClient(p.http)
        try idle.send(get("/warm"))  // becomes an idle keep-alive after its (slow) answer
        _ = try idle.readResponse()
        let busy = try TestClient(p.http)
        try busy.send(get("/slow"))
        usleep(150_000)
        p.terminate()
        let r = try busy.readResponse()
        #expect(r.status == 200 && r.text == "done", "the request in flight finishes")
        #expect(r.header("connection") == "close")
        #expect(idle.waitForClose(), "idle keep-alives are closed")
        #expect(p.waitExit(seconds: 5) == 0)
        #expect((try? TestClient(p.http, timeoutSeconds: 1)) == nil, "no longer accepting")
    }

    @Test func twoHundredFiftySixMebibytesStreamEachWayWithBoundedProxyMemory() throws {
        let size = 256 << 20
        let echo = try EchoServer(listen: try SocketAddress(parsing: "127.0.0.1:0"), name: "sink")
        echo.start()
        defer { echo.stop() }
        let source = try ScriptedUpstream { _, fd in
            writeAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n")
            let chunk = [UInt8](repeating: 0x62, count: 1 << 16)
            var sent = 0
            while sent < size {
                let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, min(1 << 16, size - sent)) }
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
        defer { source.stop() }

        // Upload through a proxy to the echo sink.
        let up = try PorticoProcess(upstreams: [echo.address], extra: ["--idle-timeout", "20s"])
        let c = try TestClient(up.http, timeoutSeconds: 30)
        try c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n")
        let chunk = [UInt8](repeating: 0x61, count: 1 << 16)
        for _ in 0..<(size >> 16) { try c.send(chunk) }
        let r = try c.readResponse()
        #expect(r.status == 200)
        let body = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any]
        #expect(body?["body_bytes"] as? Int == size)
        #expect(up.peakKiB < 64 * 1024, "proxy peak RSS \(up.peakKiB) KiB during upload")

        // Download through another proxy from the scripted source.
        let down = try PorticoProcess(upstreams: [source.address], extra: ["--idle-timeout", "20s"])
        let d = try TestClient(down.http, timeoutSeconds: 30)
        try d.send(get("/download"))
        let rd = try d.readResponse(discardBody: true)
        #expect(rd.status == 200)
        #expect(down.peakKiB < 64 * 1024, "proxy peak RSS \(down.peakKiB) KiB during download")
    }
}
