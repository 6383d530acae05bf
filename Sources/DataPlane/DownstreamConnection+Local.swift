import Dispatch
import HTTP1
import Reactor

/// Requests answered by the process itself: the admin endpoints and the echo backend.
extension DownstreamConnection {
    func stepLocal() -> Bool {
        var p = flushOutput()
        if phase == .closed { return false }
        if let rest = localResponse { return rest.ready ? feedLocalResponse(rest) || p : p }
        guard let head = ex.head else { return p }
        // Read and discard the body, counting it (any size, streaming).
        while !ex.requestBody.isDone && !input.isEmpty {
            let n: Int
            do { n = try ex.requestBody.advance(input.readableBytes, payload: &localBodyBytes) } catch {
                output.append(ErrorResponse.error(status: error.status, message: error.reason, requestID: ex.requestID.string, close: true))
                ex.clientKeepAlive = false
                ex.requestBody = .none
                finishRequest(status: error.status)
                phase = .closing
                return true
            }
            input.consume(n)
            ex.bytesIn += n
            p = true
        }
        if !ex.requestBody.isDone {
            if readClient() {
                if readEOF && input.isEmpty { close(); return false }
                setDeadline(worker.config.idleTimeout, .idle)
                return true
            }
            return p
        }
        // Keep the output bounded: wait for room before queueing a response.
        if output.readableCount > output.capacity / 2 { return p }
        respondLocally(head)
        return true
    }

    private func respondLocally(_ head: RequestHead) {
        switch role {
        case .echo(let name):
            if head.upgrade != nil, head.version == .http1_1 {
                let proto = head.upgrade ?? ""
                output.append(Array("HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: \(proto)\r\n\r\n".utf8))
                ex.status = 101
                requestsServed += 1
                worker.counters.count(status: 101)
                phase = .echoTunnel
                setDeadline(worker.config.idleTimeout, .idle)
                return
            }
            let body = EchoResponse.json(head, bodyBytes: localBodyBytes, name: name)
            let bytes = ErrorResponse.make(status: 200, contentType: "application/json", body: body, requestID: nil,
                                           close: !ex.clientKeepAlive, headOnly: head.method == .head,
                                           keepAliveHeader: head.version == .http1_0)
            output.append(bytes)
            ex.status = 200
            ex.bytesOut = bytes.count
            finishRequest(status: 200)
        case .admin:
            if let handler = worker.admin.handler(for: head.path), !Self.builtinAdminPaths.contains(head.path) {
                renderOffLoop(handler)
                return
            }
            queueAdminResponse(adminResponse(path: head.path), head)
        case .proxy:
            finishRequest(status: 500)
        }
    }

    static let builtinAdminPaths: Set<String> = ["/healthz", "/readyz"]

    /// Runs a registered admin handler (a `/metrics` render can take milliseconds for a big
    /// cluster) on a background thread so the loop keeps serving its proxied connections;
    /// the response comes back through the loop's inbox.
    private func renderOffLoop(_ handler: @escaping @Sendable () -> AdminResponse) {
        localResponse = LocalResponse(bytes: [], offset: 0, ready: false)
        let conn = LoopBound(self)
        let loop = worker.loop
        DispatchQueue.global(qos: .utility).async {
            let r = handler()
            loop.execute {
                let c = conn.connection
                guard c.phase == .local, let head = c.ex.head, c.localResponse?.ready == false else { return }
                c.localResponse = nil
                c.queueAdminResponse(r, head)
                c.drive()
            }
        }
    }

    private func queueAdminResponse(_ r: AdminResponse, _ head: RequestHead) {
        let bytes = ErrorResponse.make(status: r.status, contentType: r.contentType, body: r.body, requestID: nil,
                                       close: !ex.clientKeepAlive, headOnly: head.method == .head)
        let queued = output.append(bytes)
        ex.status = r.status
        ex.bytesOut = bytes.count
        if queued < bytes.count {
            // Larger than the buffer (a big /metrics): the rest follows as the client
            // reads, so the buffer stays bounded whatever the size.
            localResponse = LocalResponse(bytes: bytes, offset: queued)
            return
        }
        finishRequest(status: r.status)
    }

    /// Moves more of a large local response into `output` as room frees up; finishes the
    /// request once the last byte is queued.
    private func feedLocalResponse(_ rest: LocalResponse) -> Bool {
        let n = rest.bytes.withUnsafeBytes { p in
            output.append(UnsafeRawBufferPointer(rebasing: p[rest.offset...]))
        }
        rest.offset += n
        guard rest.offset == rest.bytes.count else { return n > 0 }
        localResponse = nil
        finishRequest(status: ex.status)
        return true
    }

    private func adminResponse(path: String) -> AdminResponse {
        switch path {
        case "/healthz":
            return AdminResponse(text: "ok\n")
        case "/readyz":
            return worker.isReady() ? AdminResponse(text: "ready\n")
                : AdminResponse(status: 503, text: "not ready: no routing snapshot yet or listeners not bound\n")
        default:
            if let h = worker.admin.handler(for: path) { return h() }
            return AdminResponse(status: 404, text: "404 Not Found: no admin endpoint \(path)\n")
        }
    }

    /// The echo backend after a 101: every byte read is written back.
    func stepEchoTunnel() -> Bool {
        var p = flushOutput()
        if phase == .closed { return false }
        if !input.isEmpty && output.writableCount > 0 {
            let n = output.append(input.readableBytes)
            input.consume(n)
            p = p || n > 0
        }
        if input.isEmpty || input.writableCount > 0 {
            if readClient() {
                p = true
                setDeadline(worker.config.idleTimeout, .idle)
            }
        }
        if readEOF && input.isEmpty {
            phase = .closing
            return true
        }
        return p
    }
}

/// The unsent part of a local response that did not fit the output buffer at once, or
/// (`ready == false`) a placeholder while a handler renders off the loop.
final class LocalResponse {
    let bytes: [UInt8]
    var offset: Int
    let ready: Bool

    init(bytes: [UInt8], offset: Int, ready: Bool = true) {
        self.bytes = bytes
        self.offset = offset
        self.ready = ready
    }
}

/// Carries a connection to a background render and back to its loop.
struct LoopBound: @unchecked Sendable {
    // @unchecked Sendable: the connection is only touched on its own loop thread; the
    // background thread only holds the reference and hands it to `loop.execute`.
    let connection: DownstreamConnection

    init(_ connection: DownstreamConnection) { self.connection = connection }
}
