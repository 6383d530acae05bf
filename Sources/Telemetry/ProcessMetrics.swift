#if canImport(Glibc)
import Glibc
#endif

/// The standard process metrics of Prometheus client libraries, read from `/proc` at each
/// scrape: CPU seconds, resident and virtual memory, open and maximum file descriptors,
/// start time. A value that cannot be read is left out rather than reported as zero.
public struct ProcessMetrics: MetricsCollector {
    /// A collector for the current process.
    public init() {}

    public func collect() -> [MetricFamilySamples] {
        var out: [MetricFamilySamples] = []
        func gauge(_ name: String, _ help: String, _ v: Double?, type: MetricType = .gauge) {
            guard let v else { return }
            out.append(MetricFamilySamples(name: name, help: help, type: type,
                                           samples: [MetricSample(name: name, value: .real(v))]))
        }
        let stat = ProcSelfStat.read()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
              stat.map { Double($0.utime + $0.stime) / ticks }, type: .counter)
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
              stat.map { Double($0.rssPages) * page })
        gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
              stat.map { Double($0.vsizeBytes) })
        gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
              stat.flatMap { s in Self.bootTime().map { $0 + Double(s.startTicks) / ticks } })
        gauge("process_open_fds", "Number of open file descriptors.", Self.openFileDescriptors().map(Double.init))
        gauge("process_max_fds", "Maximum number of open file descriptors.", Self.maxFileDescriptors())
        return out
    }

    /// Entries of `/proc/self/fd`, less the descriptor used to read it.
    static func openFileDescriptors() -> Int? {
        guard let dir = opendir("/proc/self/fd") else { return nil }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == 0x2E }
            if !isDot { count += 1 }
        }
        return max(count - 1, 0)
    }

    /// The soft `RLIMIT_NOFILE`.
    static func maxFileDescriptors() -> Double? {
        var lim = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &lim) == 0 else { return nil }
        return lim.rlim_cur == rlim_t.max ? .infinity : Double(lim.rlim_cur)
    }

    /// `btime` from `/proc/stat`: boot time in seconds since the epoch.
    static func bootTime() -> Double? {
        guard let text = ProcFile.read("/proc/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingPrefix(" "))
        }
        return nil
    }
}

/// The fields of `/proc/self/stat` that process metrics need (proc(5)).
struct ProcSelfStat: Equatable {
    var utime: UInt64
    var stime: UInt64
    var startTicks: UInt64
    var vsizeBytes: UInt64
    var rssPages: UInt64

    static func read() -> ProcSelfStat? {
        ProcFile.read("/proc/self/stat").flatMap(parse)
    }

    /// Parses the line; the command name (field 2) is in parentheses and may itself hold
    /// spaces and parentheses, so fields are counted from after the last `)`.
    static func parse(_ line: String) -> ProcSelfStat? {
        guard let close = line.lastIndex(of: ")") else { return nil }
        let rest = line[line.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // rest[0] is field 3 (state); field n is rest[n - 3].
        func field(_ n: Int) -> UInt64? {
            let i = n - 3
            return i < rest.count ? UInt64(rest[i].trimmingCharacters(in: "\n")) : nil
        }
        guard let utime = field(14), let stime = field(15), let start = field(22),
              let vsize = field(23), let rss = field(24) else { return nil }
        return ProcSelfStat(utime: utime, stime: stime, startTicks: start, vsizeBytes: vsize, rssPages: rss)
    }
}

/// Small whole-file reads from `/proc` (whose files report size 0, so read until EOF).
enum ProcFile {
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingPrefix(_ c: Character) -> Substring {
        var s = self
        while s.first == c { s = s.dropFirst() }
        return s
    }

    fileprivate func trimmingCharacters(in c: Character) -> Substring {
        var s = self
        while s.last == c { s = s.dropLast() }
        return s
    }
}
