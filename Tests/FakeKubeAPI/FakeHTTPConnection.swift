import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request as the fake server reads it: enough HTTP/1.1 for libcurl's requests.
struct FakeHTTPRequest {
    var method: String
    var path: String
    var query: [String: String]
    var headers: [String: String]
    var body: Data

    /// Reads one request from a blocking socket; nil on EOF or garbage.
    static func read(from fd: Int32) -> FakeHTTPRequest? {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 8192)
        var headEnd: Int?
        while headEnd == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            if buffer.count > 1 << 20 { return nil }
            if let r = findHeadEnd(buffer) { headEnd = r }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(buffer[(headEnd! + 4)...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        let target = String(requestLine[1])
        let components = URLComponents(string: "http://x" + target)
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        return FakeHTTPRequest(method: String(requestLine[0]), path: components?.percentEncodedPath ?? target,
                               query: query, headers: headers, body: Data(body))
    }

    private static func findHeadEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 {
            return i
        }
        return nil
    }
}

/// Writes responses to a blocking socket; every write reports whether the peer is still there.
struct FakeHTTPWriter {
    let fd: Int32

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    @discardableResult
    func respond(status: Int, json: Any) -> Bool {
        let body = (try? JSONSerialization.data(withJSONObject: json)) ?? Data()
        let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return write(Array(head.utf8) + Array(body))
    }

    @discardableResult
    func startChunked() -> Bool {
        write(Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".utf8))
    }

    /// One watch event as one chunk, newline-terminated.
    @discardableResult
    func chunk(json: Any) -> Bool {
        var line = (try? JSONSerialization.data(withJSONObject: json)).map(Array.init) ?? []
        line.append(10)
        return write(Array(String(line.count, radix: 16).utf8) + [13, 10] + line + [13, 10])
    }

    @discardableResult
    func endChunked() -> Bool { write(Array("0\r\n\r\n".utf8)) }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 500: return "Internal Server Error"
        default: return "Status"
        }
    }

    static func status(_ code: Int, reason: String, message: String) -> [String: Any] {
        ["kind": "Status", "apiVersion": "v1", "metadata": [String: Any](), "status": "Failure",
         "message": message, "reason": reason, "code": code]
    }
}
