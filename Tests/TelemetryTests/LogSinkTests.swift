import Dispatch
import Glibc
import Testing
@testable import Telemetry

@Suite struct LogSinkTests {
    @Test func linesWrittenFromSeveralThreadsToAPipeArriveWholeAndUninterleaved() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let threads = 4, perThread = 50
        let writer = fds[1]
        // Lines stay below PIPE_BUF (4096), the size POSIX writes atomically to a pipe; the
        // pipe's 64 KiB buffer holds all 200 lines, so no reader is needed while writing.
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let log = Logger(label: "t\(t)", sink: FileDescriptorSink(fd: writer))
            for i in 0..<perThread { log.info("event", ["thread": t, "i": i, "pad": String(repeating: "x", count: 200)]) }
        }
        close(fds[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<1000 {  // bounded: ends at EOF long before
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == threads * perThread)
        #expect(lines.allSatisfy { $0.hasPrefix("ts=") && $0.contains(" level=info logger=t") && $0.hasSuffix(String(repeating: "x", count: 200)) })
    }
}
