// HTTP1 micro-benchmark: nanoseconds per parse of a typical request and response head,
// and chunked decoding throughput. Built by bench/http1/run.sh with -O -wmo together with
// Sources/HTTP1 (one module, as the data plane's release build inlines it).

let request = Array(
    """
    GET /api/v1/users/12345/orders?limit=20&offset=40 HTTP/1.1\r
    Host: shop.example.com\r
    User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\r
    Accept: application/json\r
    Accept-Encoding: gzip, br\r
    Accept-Language: en-US,en;q=0.9\r
    Cookie: session=abcdef0123456789abcdef\r
    X-Request-Id: 7f3c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6\r
    Connection: keep-alive\r
    \r

    """.utf8)

let response = Array(
    """
    HTTP/1.1 200 OK\r
    Content-Type: application/json; charset=utf-8\r
    Content-Length: 1234\r
    Date: Wed, 02 Dec 2026 03:00:00 GMT\r
    Server: backend\r
    Cache-Control: no-store\r
    \r

    """.utf8)

@inline(never)
func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func measure(_ label: String, iterations: Int, bytesPerIteration: Int, _ body: () -> Int) {
    _ = body()  // warm up
    let clock = ContinuousClock()
    var sink = 0
    let elapsed = clock.measure {
        for _ in 0..<iterations { sink &+= body() }
    }
    blackHole(sink)
    let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let per = ns / Double(iterations)
    let mbps = Double(bytesPerIteration) / per * 1e9 / 1e6
    print("\(label): \(Int(per + 0.5)) ns per iteration (\(bytesPerIteration) bytes, \(Int(mbps)) MB/s)")
}

@main
struct ParseBenchmark {
    static func main() {
        let n = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000
        if CommandLine.arguments.count > 2 {
            // Quiet loops for instruction counting under callgrind (see run.sh).
            var sink = 0
            switch CommandLine.arguments[2] {
            case "request":
                var requests = RequestHeadParser()
                request.withUnsafeBytes { b in for _ in 0..<n { sink &+= try! requests.parse(b)!.headLength } }
            case "response":
                var responses = ResponseHeadParser()
                response.withUnsafeBytes { b in
                    for _ in 0..<n { sink &+= try! responses.parse(b, requestMethod: .get)!.headLength }
                }
            default:
                break
            }
            blackHole(sink)
            return
        }
        print("request head: \(request.count) bytes; response head: \(response.count) bytes; \(n) iterations")

        var requests = RequestHeadParser()
        request.withUnsafeBytes { buffer in
            measure("request head parse", iterations: n, bytesPerIteration: request.count) {
                let head = try! requests.parse(buffer)!
                return head.headLength
            }
            measure("request head parse + host/path lookups", iterations: n, bytesPerIteration: request.count) {
                let head = try! requests.parse(buffer)!
                return head.hostRange!.count &+ head.pathRange.count &+ (head.firstIndex(ofName: "cookie") ?? 0)
            }
            // The incremental path: the head arrives in two reads.
            let half = UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count / 2)])
            measure("request head parse in two reads", iterations: n, bytesPerIteration: request.count) {
                _ = try! requests.parse(half)
                return try! requests.parse(buffer)!.headLength
            }
        }

        var responses = ResponseHeadParser()
        response.withUnsafeBytes { buffer in
            measure("response head parse", iterations: n, bytesPerIteration: response.count) {
                try! responses.parse(buffer, requestMethod: .get)!.headLength
            }
        }

        var out: [UInt8] = []
        out.reserveCapacity(1024)
        let head = try! requests.parse(request)!
        measure("forwarded head write (fields minus hop-by-hop)", iterations: n, bytesPerIteration: request.count) {
            out.removeAll(keepingCapacity: true)
            HeadWriter.appendFields(of: head, into: &out)
            return out.count
        }

        // 1 MiB body in 16 KiB chunks.
        var body: [UInt8] = []
        let chunk = [UInt8](repeating: 0x61, count: 16384)
        for _ in 0..<64 { chunk.withUnsafeBytes { ChunkedEncoder.appendChunk($0, into: &body) } }
        ChunkedEncoder.appendLastChunk(into: &body)
        body.withUnsafeBytes { buffer in
            measure("chunked decode of 1 MiB in 16 KiB chunks (framing only: data slices are not copied)", iterations: max(1, n / 1000), bytesPerIteration: buffer.count) {
                var decoder = ChunkedDecoder()
                var total = 0
                _ = try! decoder.decode(buffer) { total &+= $0.count }
                return total
            }
        }
    }
}
