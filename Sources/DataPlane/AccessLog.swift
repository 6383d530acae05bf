import Reactor
#if canImport(Glibc)
import Glibc
#endif

/// One request's access-log fields.
struct AccessLogEntry {
    var wallStartNs: Int64
    var client: String
    var method: String
    var host: String
    var path: String
    var status: Int
    var bytesIn: Int
    var bytesOut: Int
    var durationNs: Int64
    var upstream: String?
    var upstreamDurationNs: Int64?
    var requestID: String
    /// The W3C trace the request carried upstream (nil for local endpoints).
    var traceID: TraceParent? = nil
}

/// A per-worker buffer of JSON lines flushed to stdout with write(2) when it grows past a
/// threshold or on a short timer, so the loop makes one syscall per many requests.
final class AccessLog {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private let threshold = 32 * 1024

    init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(threshold + 4096)
    }

    var hasPending: Bool { !buffer.isEmpty }

    func append(_ e: AccessLogEntry) {
        buffer += Array("{\"time\":\"".utf8)
        Self.appendRFC3339(&buffer, ns: e.wallStartNs)
        buffer += Array("\",\"client\":".utf8); Self.appendJSONString(&buffer, e.client)
        buffer += Array(",\"method\":".utf8); Self.appendJSONString(&buffer, e.method)
        buffer += Array(",\"host\":".utf8); Self.appendJSONString(&buffer, e.host)
        buffer += Array(",\"path\":".utf8); Self.appendJSONString(&buffer, e.path)
        buffer += Array(",\"status\":\(e.status),\"bytes_in\":\(e.bytesIn),\"bytes_out\":\(e.bytesOut),\"duration_ms\":".utf8)
        Self.appendMillis(&buffer, e.durationNs)
        buffer += Array(",\"upstream\":".utf8)
        if let u = e.upstream { Self.appendJSONString(&buffer, u) } else { buffer += Array("null".utf8) }
        buffer += Array(",\"upstream_ms\":".utf8)
        if let u = e.upstreamDurationNs { Self.appendMillis(&buffer, u) } else { buffer += Array("null".utf8) }
        buffer += Array(",\"request_id\":".utf8); Self.appendJSONString(&buffer, e.requestID)
        buffer += Array(",\"trace_id\":".utf8)
        if let t = e.traceID {
            buffer.append(0x22); t.appendTraceID(to: &buffer); buffer.append(0x22)
        } else {
            buffer += Array("null".utf8)
        }
        buffer += Array("}\n".utf8)
        if buffer.count >= threshold { flush() }
    }

    /// Writes what is buffered; a full pipe drops the rest of the batch rather than block
    /// the loop for long (the log is best effort, requests are not).
    func flush() {
        guard !buffer.isEmpty else { return }
        var off = 0
        var attempts = 0
        buffer.withUnsafeBytes { p in
            while off < p.count && attempts < 64 {
                attempts += 1
                let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
                if n > 0 { off += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    static func appendMillis(_ b: inout [UInt8], _ ns: Int64) {
        let us = max(0, ns / 1000)
        let ms = us / 1000, frac = us % 1000
        b += Array("\(ms).".utf8)
        if frac < 100 { b.append(0x30) }
        if frac < 10 { b.append(0x30) }
        b += Array("\(frac)".utf8)
    }

    static func appendJSONString(_ b: inout [UInt8], _ s: String) {
        b.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: b += [0x5C, 0x22]
            case 0x5C: b += [0x5C, 0x5C]
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                b += [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]]
            default: b.append(c)
            }
        }
        b.append(0x22)
    }

    /// `2026-01-02T03:04:05.678Z` (RFC 3339, UTC, milliseconds).
    static func appendRFC3339(_ b: inout [UInt8], ns: Int64) {
        var t = time_t(ns / 1_000_000_000)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) { b.append(0x30 + UInt8(v / 10)); b.append(0x30 + UInt8(v % 10)) }
        let year = Int(tm.tm_year) + 1900
        b += Array(String(year).utf8)
        b.append(0x2D); two(tm.tm_mon + 1); b.append(0x2D); two(tm.tm_mday)
        b.append(0x54); two(tm.tm_hour); b.append(0x3A); two(tm.tm_min); b.append(0x3A); two(tm.tm_sec)
        let ms = Int32((ns / 1_000_000) % 1000)
        b.append(0x2E); b.append(0x30 + UInt8(ms / 100)); two(ms % 100)
        b.append(0x5A)
    }
}
