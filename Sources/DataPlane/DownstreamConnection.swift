import HTTP1
import Reactor
import Routing
import Telemetry
import TLS

/// A client connection on one loop: parses request heads, hands each request to the proxy,
/// the admin endpoints or the echo responder, and writes responses in request order
/// (pipelined requests wait in the input buffer until the previous response is complete).
///
/// Readiness is edge-triggered: `readable`/`writable` remember what epoll said until a call
/// returns EAGAIN; `drive()` advances every direction until nothing more can move.
final class DownstreamConnection: EventHandler, DeadlineTarget {
    enum Phase {
        case head
        case local
        case proxy
        case tunnel
        case echoTunnel
        case closing
        case closed
    }

    let fd: Int32
    /// Where the worker keeps this connection (`Worker.connections`), -1 when not there.
    /// (Next to `fd`: two 32-bit fields share one 8-byte slot.)
    var connectionSlot: Int32 = -1
    let peer: SocketAddress?
    let peerIP: String
    let role: ListenerRole
    /// `unowned(unsafe)`: the worker outlives its connections (it closes them all before it
    /// goes), and the checked forms cost an atomic per access on the request path.
    unowned(unsafe) let worker: Worker
    /// Bytes from the client: heads, bodies, pipelined requests. Reused for life.
    let input: IOBuffer
    /// Bytes to the client that the proxy made (heads, error pages, local responses).
    let output: IOBuffer
    /// The request-head parser from `parsers`, held from a head's first byte until
    /// the connection idles; nil while idle.
    private var parser: UnsafeMutablePointer<RequestHeadParser>?
    var phase: Phase = .head
    var readable = false
    var writable = true
    var readEOF = false
    /// Epoll reported FIN, hangup or error: keep reading until the read says so.
    var hangupSeen = false
    var headDeadlineSet = false
    // (Declared after the other flags: byte-sized fields together keep the object smaller.)
    var requestsServed = 0

    /// The worker's pools, held strongly so that `deinit` can give records back whenever it
    /// runs (a task still holding the connection may outlive the worker at shutdown).
    private let pools: RequestPools
    private var exchanges: ExchangePool { pools.exchanges }
    private var parsers: ParserPool { pools.parsers }
    /// The current request's record from `exchanges`; the pool's blank record while
    /// no request is in flight (see `ex`).
    private var exRecord: UnsafeMutablePointer<Exchange>
    /// The current request's state, read and written in place. Idle connections read the
    /// shared blank record and never write it: a request takes its own record first
    /// (`startRequest`) and gives it back when the connection idles or closes.
    var ex: Exchange {
        unsafeAddress { UnsafePointer(exRecord) }
        unsafeMutableAddress {
            assert(exRecord != exchanges.blank, "exchange state written with no request in flight")
            return exRecord
        }
    }
    var upstream: UpstreamConnection?
    /// The rewritten request head for the upstream; kept until the response starts so a
    /// dead pooled connection can be retried. Capacity reused across requests.
    let upstreamHead: IOBuffer
    /// Local (echo/admin) request body bytes counted.
    var localBodyBytes = 0
    /// A local response larger than `output`, fed in as the client reads (big `/metrics`).
    var localResponse: LocalResponse?

    /// HTTPS: the TLS session, nil on plain HTTP (see DownstreamConnection+TLS.swift).
    var tls: TLSTransport?
    /// HTTPS backends: the current exchange's upstream TLS target, nil for plain HTTP.
    var upstreamTLS: UpstreamTLSTarget?

    var deadline: Int64 = 0
    var armedDeadline: Int64 = 0
    var timerSlot: Int32 = -1
    var deadlineReason = DeadlineReason.none

    /// The metric label class of a method, without the generic byte scan.
    static func methodClass(_ m: HTTPMethod) -> MethodClass {
        switch m {
        case .get: .get
        case .head: .head
        case .post: .post
        case .put: .put
        case .delete: .delete
        case .patch: .patch
        case .options: .options
        case .connect: .connect
        case .trace: .trace
        case .other: .other
        }
    }

    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(fd: Int32, peer: SocketAddress?, role: ListenerRole, worker: Worker) {
        self.fd = fd
        self.peer = peer
        peerIP = peer?.ipString ?? "unknown"
        self.role = role
        self.worker = worker
        input = IOBuffer(pool: worker.readBuffers)
        output = IOBuffer(pool: worker.writeBuffers)
        upstreamHead = IOBuffer(pool: worker.headBuffers)
        pools = worker.requestPools
        exRecord = worker.requestPools.exchanges.blank
    }

    func start() {
        setDeadline(worker.config.clientHeaderTimeout, .header)
        headDeadlineSet = true
    }

    // MARK: - Events

    func handleEvent(_ events: Readiness) {
        if !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) { readable = true }
        if !events.isDisjoint(with: [.readHangup, .hangup, .error]) { hangupSeen = true }
        if events.contains(.writable) { writable = true }
        if let tls, writable, !tls.isDrained, phase != .closed { flushCiphertext(tls) }  // TLS leftovers first
        drive()
    }

    func upstreamEvent(_ up: UpstreamConnection, _ events: Readiness) {
        guard up === upstream else { return }
        if up.connecting {
            if events.isDisjoint(with: [.writable, .error, .hangup]) { return }
            if let err = TCPSocket.pendingError(up.fd) {
                connectFailed(up, err)
                return
            }
            up.connecting = false
            setDeadline(worker.config.idleTimeout, .idle)
        }
        drive()
    }

    /// Advances whatever can move; bounded so one connection cannot hold the loop, with a
    /// continuation scheduled when it stops for that reason.
    func drive() {
        var rounds = 0
        while rounds < 64 {
            rounds += 1
            let progressed: Bool
            switch phase {
            case .head: progressed = stepHead()
            case .local: progressed = stepLocal()
            case .proxy: progressed = stepProxy()
            case .tunnel: progressed = stepTunnel()
            case .echoTunnel: progressed = stepEchoTunnel()
            case .closing: progressed = stepClosing()
            case .closed: return
            }
            if !progressed { return }
        }
        // A strong capture (released after one loop turn; `drive()` on a closed connection
        // returns at once): a weak one would give the connection a side table and slow down
        // every retain and release of it for the rest of its life.
        worker.loop.schedule(at: 0) { self.drive() }
    }

    // MARK: - Deadlines

    func setDeadline(_ after: Int64, _ reason: DeadlineReason) {
        deadline = worker.loop.now + after
        deadlineReason = reason
        worker.loop.arm(self)
    }

    func deadlineExpired(now: Int64) {
        guard phase != .closed else { return }
        let reason = deadlineReason
        deadline = 0
        deadlineReason = .none
        if reason == .none { return }
        if let tls { tlsDeadlineExpired(tls) }
        switch ExchangePolicy.onDeadline(reason, proxying: phase == .proxy, responseStarted: ex.responseStarted,
                                         requestBytesWaiting: !input.isEmpty) {
        case .close:
            close()
        case .requestTimeout:
            worker.counters.count(error: ProxyError(.clientTimeout, source: .downstream))
            worker.counters.count(status: 408)
            output.append(ErrorResponse.error(status: 408, message: "request head not received in time", requestID: nil, close: true))
            input.clear()
            phase = .closing
            setDeadline(worker.config.idleTimeout, .idle)
        case .gatewayTimeout where exRecord == exchanges.blank:
            close()  // no request in flight to answer (not expected: finishing one re-arms)
        case .gatewayTimeout:
            if reason == .connect { ex.balance?.metrics?.connectFailures.increment(worker: worker.loop.index) }
            let context = switch reason {
            case .connect: "connect to \(ex.endpoint?.description ?? "?")"
            case .response: "waiting for the response head"
            default: "no progress"
            }
            failExchange(ProxyError(.upstreamTimeout, source: .upstream, context: context))
        }
        if phase != .closed { drive() }
    }

    // MARK: - Client I/O helpers

    /// Reads from the client into `input` if it may; true if bytes arrived.
    func readClient() -> Bool {
        if let tls { return readClientTLS(tls) }
        guard readable, !readEOF, input.writableCount > 0 || input.readerIndex > 0 else { return false }
        do {
            switch try input.read(from: fd) {
            case .wouldBlock:
                readable = false
                return false
            case .processed(0):
                readEOF = true
                return true
            case .processed(let n):
                worker.counters.bytesIn += UInt64(n)
                // A read that did not fill the buffer drained the socket: under edge
                // triggering the next arrival raises a new event, so skip the EAGAIN read
                // (nginx does the same).
                if input.writableCount > 0 && !hangupSeen { readable = false }
                return true
            }
        } catch {
            readEOF = true
            readable = false
            return true
        }
    }

    /// Writes `output` to the client; true if bytes left.
    func flushOutput() -> Bool {
        if let tls { return flushOutputTLS(tls) }
        guard !output.isEmpty, writable else { return false }
        do {
            switch try output.write(to: fd) {
            case .wouldBlock:
                writable = false
                return false
            case .processed(let n):
                worker.counters.bytesOut += UInt64(n)
                if !output.isEmpty { writable = false }  // short write: the send buffer is full
                return n > 0
            }
        } catch {
            close()
            return false
        }
    }

    // MARK: - Request heads

    private func stepHead() -> Bool {
        var progressed = flushOutput()
        if phase == .closed { return false }
        // Pipelining: answer in order; do not parse ahead while a lot of output is queued.
        if output.readableCount > output.capacity / 2 { return progressed }
        if !input.isEmpty {
            if !headDeadlineSet {
                headDeadlineSet = true
                setDeadline(worker.config.clientHeaderTimeout, .header)
            }
            let p: UnsafeMutablePointer<RequestHeadParser>
            if let held = parser { p = held } else { p = parsers.take(); parser = p }
            do {
                if let head = try p.pointee.parse(input.readableBytes) {
                    input.consume(head.headLength)
                    startRequest(head)
                    return true
                }
                if input.isFull {
                    rejectRequest(.headTooLarge)
                    return true
                }
            } catch {
                rejectRequest(error)
                return true
            }
        }
        if readClient() {
            progressed = true
        } else if readEOF {
            // The client closed: between requests that is normal; mid-head it is abandoned.
            if output.isEmpty { close() } else { phase = .closing }
            return phase != .closed
        }
        if !progressed && input.isEmpty && output.isEmpty && (worker.draining) {
            close()
            return false
        }
        if !progressed && input.isEmpty && output.isEmpty {
            releaseIdleMemory()
        }
        return progressed
    }

    /// An idle keep-alive connection keeps no buffers and no per-request leftovers, so
    /// thousands of idle clients cost little (nginx frees its buffers the same way).
    private func releaseIdleMemory() {
        input.releaseIfEmpty()
        output.releaseIfEmpty()
        upstreamHead.clear()
        upstreamHead.releaseIfEmpty()
        releaseExchange()
        releaseParser()
    }

    /// Gives the parser back; after the exchange, whose head shares the parser's storage.
    private func releaseParser() {
        guard let p = parser else { return }
        parser = nil
        parsers.give(p)
    }

    /// Whether this connection holds any per-request memory: buffers, an exchange record
    /// or parser storage (an idle keep-alive connection should hold none).
    var holdsRequestMemory: Bool {
        input.base != nil || output.base != nil || upstreamHead.base != nil
            || exRecord != exchanges.blank || parser != nil
    }

    /// Whether the connection waits for a next request with nothing buffered.
    var isIdle: Bool { phase == .head && input.isEmpty && output.isEmpty }

    /// Gives the exchange record back (idle or closed); reads then see a blank exchange.
    private func releaseExchange() {
        guard exRecord != exchanges.blank else { return }
        exchanges.give(exRecord)
        exRecord = exchanges.blank
    }

    private func rejectRequest(_ error: HTTPParseError) {
        worker.counters.count(error: ProxyError(.badRequest, source: .downstream, context: error.reason))
        worker.counters.count(status: error.status)
        output.append(ErrorResponse.error(status: error.status, message: error.reason, requestID: nil, close: true))
        input.clear()
        phase = .closing
        setDeadline(worker.config.idleTimeout, .idle)
    }

    private func startRequest(_ head: RequestHead) {
        worker.counters.requests += 1
        // A pipelined request reuses the record of the one before it.
        if exRecord == exchanges.blank {
            exRecord = exchanges.take()
        } else {
            exRecord.pointee = Exchange()
        }
        ex.head = head
        ex.method = head.method
        ex.startNs = worker.loop.now
        if worker.accessLog != nil { ex.wallStartNs = MonotonicClock.wallNow() }
        ex.clientKeepAlive = head.keepAlive && !worker.draining
        ex.clientExpectsContinue = head.expectsContinue
        ex.clientVersion = head.version
        if let i = head.firstIndex(ofName: "x-request-id"), RequestID.isSane(head.bytes[head.fields[i].value]) {
            ex.requestID = RequestIDValue(incoming: head.bytes[head.fields[i].value])
        } else {
            ex.requestID = RequestIDValue(generated: worker.ids.makeRaw())
        }
        headDeadlineSet = false
        switch role {
        case .proxy:
            ex.trace = RequestTrace.of(head) { worker.ids.makeTrace() }
            startProxy(head)
        case .admin, .echo:
            ex.requestBody = BodyProgress(head.framing, limits: worker.limits)
            localBodyBytes = 0
            if head.expectsContinue && !ex.requestBody.isDone {
                output.append(DownstreamConnection.continueResponse)
            }
            phase = .local
            setDeadline(worker.config.idleTimeout, .idle)
        }
    }

    /// Ends the current request: log, count, then the next request or close.
    func finishRequest(status: Int, upstream: SocketAddress? = nil, upstreamNs: Int64? = nil) {
        requestsServed += 1
        worker.counters.count(status: status)
        if let rm = ex.routeMetrics, let head = ex.head {
            rm.record(method: Self.methodClass(head.method), statusCode: status,
                      durationSeconds: Double(worker.loop.now - ex.startNs) / 1e9,
                      upstreamSeconds: ex.upstreamNs.map { Double($0) / 1e9 },
                      requestBytes: ex.bytesIn, responseBytes: ex.bytesOut, worker: worker.loop.index)
        }
        if worker.accessLog != nil, let head = ex.head {
            worker.log(AccessLogEntry(
                wallStartNs: ex.wallStartNs, client: ex.client.isEmpty ? peerIP : ex.client,
                method: head.methodName, host: head.host ?? "", path: head.path, status: status,
                bytesIn: ex.bytesIn, bytesOut: ex.bytesOut, durationNs: worker.loop.now - ex.startNs,
                upstream: upstream?.description, upstreamDurationNs: upstreamNs, requestID: ex.requestID.string,
                traceID: ex.trace?.parent))
        }
        ex.head = nil
        switch ExchangePolicy.afterResponse(clientKeepAlive: ex.clientKeepAlive, requestBodyComplete: ex.requestBody.isDone,
                                            draining: worker.draining, pipelinedBytesWaiting: !input.isEmpty) {
        case .nextRequest(let reason):
            phase = .head
            setDeadline(reason == .header ? worker.config.clientHeaderTimeout : worker.config.keepaliveTimeout, reason)
            headDeadlineSet = reason == .header
        case .closeAfterFlush:
            phase = .closing
            setDeadline(worker.config.idleTimeout, .idle)
        }
    }

    // MARK: - Closing

    private func stepClosing() -> Bool {
        let p = flushOutput()
        if phase == .closed { return false }
        if output.isEmpty && (tls?.isDrained ?? true) {
            close()
            return false
        }
        return p
    }

    /// Closes now if nothing is in flight (drain); otherwise the response closes it.
    func drainIfIdle() {
        if phase == .head && input.isEmpty && output.isEmpty { close() }
    }

    func close() {
        guard phase != .closed else { return }
        phase = .closed
        deadline = 0
        worker.loop.disarm(self)
        if let tls { closeTLS(tls) }
        if let up = upstream {
            upstream = nil
            up.close()
        }
        localResponse = nil
        worker.loop.deregister(fd)
        Syscall.close(fd)
        if case .proxy = role {
            (tls == nil ? worker.listenerMetrics : worker.httpsListenerMetrics)?.activeConnections.decrement(worker: worker.loop.index)
        }
        input.clear()
        output.clear()
        upstreamHead.clear()
        input.releaseIfEmpty()
        output.releaseIfEmpty()
        upstreamHead.releaseIfEmpty()
        worker.remove(self)
    }

    /// The exchange record and the parser go back at the end, not in `close()`: code
    /// that closed the connection may still touch the exchange before it unwinds. Touches
    /// only the pools (held here), never `worker`.
    deinit {
        releaseExchange()
        releaseParser()
    }
}
