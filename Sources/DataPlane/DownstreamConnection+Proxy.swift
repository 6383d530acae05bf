import HTTP1
import Reactor
import Routing

/// The proxying half of a downstream connection: route, pick an endpoint, stream the
/// request up and the response down with backpressure both ways.
extension DownstreamConnection {
    func startProxy(_ head: RequestHead) {
        // One snapshot load per request; the request keeps what it got (its backend's
        // balance state holds the endpoint list) even if a swap happens meanwhile.
        let worker = self.worker
        let generation = worker.refreshSnapshot()
        ex.requestBody = BodyProgress(head.framing, limits: worker.limits)
        let bi: Int
        var decision = worker.routes.decide(head, generation: generation, lookup: { RouteCache.lookup(head, worker.snapshot, metrics: worker.config.requestMetrics ? worker.metrics : nil) })
        // HTTPS hook: a TLS host's route may redirect plain HTTP or add HSTS.
        if let tls { tls.hstsField = nil }
        if case .secure(let policy, let rest) = decision {
            if applySecurePolicy(policy, head) { return }
            decision = rest
        }
        switch decision {
        case .secure:
            failExchange(ProxyError(.noRoute, source: .internal, context: "nested route policy"))
            return
        case .backend(let i, let routeMetrics):
            bi = i
            ex.routeMetrics = routeMetrics
        case .noRoute(let what):
            ex.routeMetrics = worker.unroutedMetrics
            failExchange(ProxyError(.noRoute, source: .downstream, context: what))
            return
        case .noEndpoints(let what, let routeMetrics):
            ex.routeMetrics = routeMetrics
            failExchange(ProxyError(.noEndpoints, source: .internal, context: what))
            return
        }
        let balance = worker.balancer.balance(for: bi, generation: generation, backendCount: worker.snapshot.backends.count) {
            worker.snapshot.backends[bi]
        }
        ex.balance = balance
        if balance.metrics == nil, let m = worker.metrics { balance.metrics = m.backend(worker.snapshot.backends[bi].name.metricLabels) }
        // HTTPS backends: re-encrypt (one enum compare for plain ones).
        if worker.snapshot.backends[bi].upstreamProtocol == .https || upstreamTLS != nil {
            do { upstreamTLS = try worker.upstreamTLSTarget(backend: bi, generation: generation) } catch {
                failExchange(ProxyError(.connectFailed, source: .internal, context: "upstream TLS: \(error)"))
                return
            }
        }

        // X-Forwarded-* and the client address later policies see.
        var forwardedFor = peerIP
        var peerTrusted = false
        if !worker.config.trustedProxies.isEmpty {
            let resolution = ClientAddress.resolve(peer: peerIP, peerBytes: peer?.addressBytes ?? [],
                                                   incoming: head.values(forName: "x-forwarded-for"),
                                                   trusted: worker.config.trustedProxies)
            ex.client = resolution.client
            forwardedFor = resolution.forwardedFor
            peerTrusted = resolution.peerTrusted
        }
        if head.upgradeRange != nil, head.version == .http1_1 { ex.upgrading = true }
        upstreamHead.clear()
        let forwarding = HeadRewriter.Forwarding(
            forwardedFor: forwardedFor, proto: tls == nil ? "http" : "https", host: head.hostRange.map { head.bytes[$0] } ?? [],
            port: tls == nil ? worker.httpPort : worker.httpsPort, requestID: ex.requestID, keepIncomingForwarded: peerTrusted,
            upgrade: ex.upgrading ? head.upgradeRange.map { head.bytes[$0] } : nil,
            startedTrace: ex.trace.flatMap { $0.started ? $0.parent : nil })
        var fits = true
        upstreamHead.withWritableTail { p, room in
            var w = ByteWriter(base: p, capacity: room)
            HeadRewriter.request(head, forwarding, into: &w)
            fits = !w.overflowed
            return fits ? w.count : 0
        }
        guard fits else {
            failExchange(ProxyError(.badRequest, source: .downstream, context: "request head too large to forward"), status: 431)
            return
        }
        phase = .proxy
        connectNext(balance: balance)
    }

    /// Picks the next untried endpoint and attaches a pooled or fresh connection to it.
    private func connectNext(balance: BackendBalance) {
        while let i = balance.roundRobin.next(excludingMask: ex.triedMask) {
            ex.triedMask |= WeightedRoundRobin.bit(i)
            guard let address = balance.addresses[i] else { continue }
            if attach(to: address, allowPooled: true) { return }
        }
        failExchange(ProxyError(.connectFailed, source: .upstream, context: "no endpoint accepted a connection"))
    }

    /// Attaches a connection to `address`; false if a fresh connect failed at once.
    private func attach(to address: SocketAddress, allowPooled: Bool) -> Bool {
        ex.endpoint = address
        ex.upstreamHeadSent = 0
        ex.upstreamStartNs = worker.loop.now
        if allowPooled, let c = takePooled(address) {
            worker.counters.upstreamReuses += 1
            ex.reusedConnection = true
            c.owner = self
            upstream = c
            setDeadline(worker.config.idleTimeout, .idle)
            return true
        }
        ex.reusedConnection = false
        let fd: Int32
        do { fd = try TCPSocket.connect(to: address) } catch {
            ex.balance?.metrics?.connectFailures.increment(worker: worker.loop.index)
            return false
        }
        let c = UpstreamConnection(fd: fd, address: address, worker: worker, connecting: true)
        if let target = upstreamTLS {  // HTTPS backend
            guard let tls = target.connectionState(address: address, worker: worker) else {
                Syscall.close(fd)
                return false
            }
            c.tls = tls
        }
        do { try worker.loop.register(connection: fd, handler: c) } catch {
            Syscall.close(fd)
            return false
        }
        worker.counters.upstreamConnects += 1
        if let gauge = ex.balance?.metrics?.poolConnections {
            gauge.increment(worker: worker.loop.index)
            c.poolGauge = gauge
        }
        c.owner = self
        upstream = c
        setDeadline(worker.config.upstreamConnectTimeout, .connect)
        return true
    }

    func connectFailed(_ up: UpstreamConnection, _ error: IOError) {
        ex.balance?.metrics?.connectFailures.increment(worker: worker.loop.index)
        upstream = nil
        up.close()
        guard let balance = ex.balance else { return }
        // Nothing was sent: another endpoint of the same (request's) list may take it.
        connectNext(balance: balance)
        drive()
    }

    // MARK: - Streaming

    func stepProxy() -> Bool {
        guard let up = upstream else {
            return flushOutput()
        }
        if up.connecting { return flushOutput() }
        var p = pumpRequest(up)
        if phase != .proxy { return true }
        p = pumpResponse(up) || p
        return p
    }

    /// Client → upstream: the rewritten head, then body bytes as they arrive.
    private func pumpRequest(_ up: UpstreamConnection) -> Bool {
        if ex.requestDone { return watchClientWhileWaiting() }
        if ex.requestPending == 0 && !ex.requestBody.isDone && !input.isEmpty {
            do {
                ex.requestPending = try ex.requestBody.advance(input.readableBytes)
            } catch {
                failExchange(ProxyError(.badRequest, source: .downstream, context: error.reason), status: error.status)
                return true
            }
        }
        let headLeft = upstreamHead.readableCount - ex.upstreamHeadSent
        if headLeft > 0 || ex.requestPending > 0 {
            guard up.writable else { return false }
            let r: IOResult<Int>
            do {
                r = try up.write(UnsafeRawBufferPointer(rebasing: upstreamHead.readableBytes[ex.upstreamHeadSent...]),
                                      UnsafeRawBufferPointer(rebasing: input.readableBytes[..<ex.requestPending]))
            } catch {
                upstreamBroke(up, error)
                return true
            }
            switch r {
            case .wouldBlock:
                up.writable = false
                return false
            case .processed(let n):
                let fromHead = min(n, headLeft)
                ex.upstreamHeadSent += fromHead
                let fromBody = n - fromHead
                if fromBody > 0 {
                    input.consume(fromBody)
                    ex.requestPending -= fromBody
                    ex.bytesIn += fromBody
                    if deadlineReason == .idle { setDeadline(worker.config.idleTimeout, .idle) }
                }
                if n < headLeft + ex.requestPending + fromBody { up.writable = false }
                return true
            }
        }
        if ex.requestBody.isDone {
            ex.requestDone = true
            if !ex.responseStarted { setDeadline(worker.config.upstreamResponseTimeout, .response) }
            return true
        }
        if readClient() {
            if readEOF && input.isEmpty {
                // The client went away mid-body: nothing useful can follow.
                close()
            }
            return true
        }
        return false
    }

    /// After the request is sent: note a client close (EOF) but keep delivering the
    /// response (clients may half-close after sending); read pipelined bytes ahead.
    private func watchClientWhileWaiting() -> Bool {
        guard readable, !readEOF, input.writableCount > 0 else { return false }
        return readClient()
    }

    /// Upstream → client: interim and final heads, then body bytes as they arrive.
    private func pumpResponse(_ up: UpstreamConnection) -> Bool {
        var progressed = false
        if !ex.responseStarted {
            if !up.input.isEmpty {
                let head: ResponseHead?
                do {
                    // From scratch each time (as a fresh parser would), with reused storage.
                    worker.responseParser.reset()
                    head = try worker.responseParser.parse(up.input.readableBytes, requestMethod: ex.method)
                } catch {
                    failExchange(ProxyError(.badUpstreamResponse, source: .upstream, context: error.reason))
                    return true
                }
                if let head {
                    up.input.consume(head.headLength)
                    startResponse(head, up)
                    return true
                }
                if up.input.isFull {
                    failExchange(ProxyError(.badUpstreamResponse, source: .upstream, context: "response head too large"))
                    return true
                }
            }
            if !output.isEmpty { progressed = flushOutput() || progressed }
            return readUpstream(up) || progressed
        }
        if ex.dechunk { return pumpDechunked(up) }
        // Body.
        if ex.responsePending == 0 && !ex.responseBody.isDone && !up.input.isEmpty {
            do {
                ex.responsePending = try ex.responseBody.advance(up.input.readableBytes)
            } catch {
                worker.counters.count(error: ProxyError(.badUpstreamResponse, source: .upstream, context: error.reason))
                close()
                return false
            }
        }
        if !output.isEmpty || ex.responsePending > 0 {
            guard writable else { return progressed }
            let r: IOResult<Int>
            do {
                r = try writeClient(output.readableBytes,
                                    UnsafeRawBufferPointer(rebasing: up.input.readableBytes[..<ex.responsePending]))
            } catch {
                close()
                return false
            }
            switch r {
            case .wouldBlock:
                writable = false
                return progressed
            case .processed(let n):
                worker.counters.bytesOut += UInt64(n)
                let fromHead = min(n, output.readableCount)
                let wanted = output.readableCount + ex.responsePending
                output.consume(fromHead)
                let fromBody = n - fromHead
                if fromBody > 0 {
                    up.input.consume(fromBody)
                    ex.responsePending -= fromBody
                    ex.bytesOut += fromBody
                    setDeadline(worker.config.idleTimeout, .idle)
                }
                // A short plain write means the socket is full; TLS takes one batch per call
                // (its own flush clears `writable` when the socket is full).
                if n < wanted && tls == nil { writable = false }
                return true
            }
        }
        if ex.responseBody.isDone {
            finishExchange(up)
            return true
        }
        return readUpstream(up) || progressed
    }

    /// The body for an HTTP/1.0 client of a chunked response: payload copied into `output`
    /// (bounded by its room), the connection closing at the end.
    private func pumpDechunked(_ up: UpstreamConnection) -> Bool {
        var p = false
        if !ex.responseBody.isDone && !up.input.isEmpty {
            let room = output.capacity - output.readableCount
            let n = min(room, up.input.readableCount)
            if n > 0 {
                let consumed: Int
                do {
                    consumed = try ex.responseBody.decode(UnsafeRawBufferPointer(rebasing: up.input.readableBytes[..<n])) { payload in
                        output.append(payload)
                    }
                } catch {
                    worker.counters.count(error: ProxyError(.badUpstreamResponse, source: .upstream, context: error.reason))
                    close()
                    return false
                }
                up.input.consume(consumed)
                p = consumed > 0
            }
        }
        let before = output.readableCount
        if flushOutput() {
            p = true
            ex.bytesOut += before - output.readableCount
            setDeadline(worker.config.idleTimeout, .idle)
        }
        if phase == .closed { return false }
        if ex.responseBody.isDone && output.isEmpty {
            finishExchange(up)
            return true
        }
        if output.readableCount < output.capacity / 2 { p = readUpstream(up) || p }
        return p
    }

    /// Reads from the upstream into its buffer; handles end of stream.
    private func readUpstream(_ up: UpstreamConnection) -> Bool {
        guard up.readable, up.input.writableCount > 0 || up.input.readerIndex > 0 else { return false }
        do {
            switch try up.read() {
            case .wouldBlock:
                up.readable = false
                return false
            case .processed(0):
                upstreamEnded(up)
                return true
            case .processed:
                if up.input.writableCount > 0 && !up.hangupSeen { up.readable = false }  // drained (see readClient)
                return true
            }
        } catch {
            upstreamBroke(up, error)
            return true
        }
    }

    private func startResponse(_ head: ResponseHead, _ up: UpstreamConnection) {
        let context = ExchangePolicy.ResponseContext(
            clientVersion: ex.clientVersion, clientKeepAlive: ex.clientKeepAlive,
            clientExpectsContinue: ex.clientExpectsContinue, requestBodyComplete: ex.requestBody.isDone,
            upgradeRequested: ex.upgrading, draining: worker.draining)
        switch ExchangePolicy.onResponseHead(status: head.status, framing: head.framing,
                                             upstreamKeepAlive: head.keepAlive, context) {
        case .reject:
            failExchange(ProxyError(.badUpstreamResponse, source: .upstream, context: "101 without an upgrade request"))
            return
        case .dropInterim:
            return
        case .forwardInterim:
            if !writeResponseHead(head, close: false) {
                failExchange(ProxyError(.badUpstreamResponse, source: .upstream, context: "interim head too large"))
            }
            return
        case .tunnel:
            if !writeResponseHead(head, close: false) {
                failExchange(ProxyError(.badUpstreamResponse, source: .upstream, context: "101 head too large"))
                return
            }
            ex.status = 101
            ex.responseStarted = true
            phase = .tunnel
            setDeadline(worker.config.idleTimeout, .idle)
            return
        case .forward(let close, let dechunk, let reuse):
            ex.clientKeepAlive = !close
            ex.dechunk = dechunk
            ex.responseKeepAlive = reuse
        }
        if !writeResponseHead(head, close: !ex.clientKeepAlive, keepAliveFor10: ex.clientVersion == .http1_0,
                              dropTransferEncoding: ex.dechunk) || !appendHSTSField() {
            failExchange(ProxyError(.badUpstreamResponse, source: .upstream, context: "response head too large"))
            return
        }
        ex.responseStarted = true
        ex.status = head.status
        ex.responseBody = BodyProgress(head.framing, limits: worker.limits)
        setDeadline(worker.config.idleTimeout, .idle)
    }

    /// Writes the client's response head straight into `output`; false if it does not fit
    /// (nothing is written then).
    private func writeResponseHead(_ head: ResponseHead, close: Bool, keepAliveFor10: Bool = false,
                                   dropTransferEncoding: Bool = false) -> Bool {
        var fits = true
        output.withWritableTail { p, room in
            var w = ByteWriter(base: p, capacity: room)
            HeadRewriter.response(head, close: close, keepAliveFor10: keepAliveFor10,
                                  dropTransferEncoding: dropTransferEncoding, requestID: ex.requestID, into: &w)
            fits = !w.overflowed
            return fits ? w.count : 0
        }
        return fits
    }

    /// The upstream closed its side.
    private func upstreamEnded(_ up: UpstreamConnection) {
        if ex.responseStarted {
            if ex.responseBody.isUntilClose {
                ex.responseBody.state = .done
                ex.responsePending = up.input.readableCount
                up.readable = false
                // The remaining bytes flush on the next step; the connection is not reused.
                ex.responseKeepAlive = false
                return
            }
            // Truncated body: the client must see the failure, not a short success.
            worker.counters.count(error: ProxyError(.upstreamClosed, source: .upstream, context: "mid-body"))
            close()
            return
        }
        upstreamBroke(up, IOError(errno: 104, function: "read (end of stream before response head)"))
    }

    /// A read or write error, or end of stream before the response head.
    private func upstreamBroke(_ up: UpstreamConnection, _ error: IOError) {
        let action = ExchangePolicy.onUpstreamFailure(
            responseStarted: ex.responseStarted, reusedConnection: ex.reusedConnection, alreadyRetried: ex.retried,
            idempotent: ex.isIdempotent, requestHasBody: (ex.head?.hasBody ?? true) || ex.bytesIn > 0)
        switch action {
        case .abortClient:
            worker.counters.count(error: ProxyError(.upstreamClosed, source: .upstream, context: error.description))
            close()
        case .retryFresh:
            // A pooled connection the endpoint had closed meanwhile: once, on a fresh one.
            guard let address = ex.endpoint else { fallthrough }
            upstream = nil
            up.close()
            ex.retried = true
            worker.counters.upstreamRetries += 1
            if !attach(to: address, allowPooled: false) {
                failExchange(ProxyError(.connectFailed, source: .upstream, context: address.description))
            }
        case .errorPage:
            failExchange(ProxyError(.upstreamClosed, source: .upstream, context: error.description))
        }
    }

    private func finishExchange(_ up: UpstreamConnection) {
        upstream = nil
        up.served += 1
        if ex.responseKeepAlive && ex.requestDone && up.input.isEmpty && !up.closed
            && worker.pool.put(up, idleDeadline: worker.loop.now + worker.config.upstreamIdleTimeout)
        {
            worker.loop.arm(up)
            up.input.releaseIfEmpty()
        } else {
            up.close()
        }
        let upstreamNs = worker.loop.now - ex.upstreamStartNs
        ex.upstreamNs = upstreamNs
        finishRequest(status: ex.status, upstream: ex.endpoint, upstreamNs: upstreamNs)
    }

    /// Ends the exchange with an error page when nothing of the response was sent yet,
    /// else by closing the client connection (a truncated response must look broken).
    func failExchange(_ error: ProxyError, status: Int? = nil) {
        worker.counters.count(error: error)
        if let up = upstream {
            upstream = nil
            up.close()
        }
        if ex.responseStarted {
            close()
            return
        }
        let code = status ?? error.status
        // The unread rest of a request body would be parsed as the next request: close.
        if !ex.requestBody.isDone || !ex.requestDone && ex.requestPending > 0 { ex.clientKeepAlive = false }
        ex.requestBody = ex.requestBody.isDone ? ex.requestBody : BodyProgress.none
        let message: String
        switch error.kind {
        case .noRoute: message = "no route for this host and path"
        case .noEndpoints: message = "no ready endpoints for this route"
        case .connectFailed: message = "could not connect to an endpoint"
        case .upstreamTimeout: message = "the endpoint did not answer in time"
        case .upstreamClosed: message = "the endpoint closed the connection"
        case .badUpstreamResponse: message = "the endpoint sent an invalid response"
        case .badRequest: message = error.context
        case .clientTimeout: message = "request not received in time"
        case .unavailable: message = "shutting down"
        }
        let bytes = ErrorResponse.error(status: code, message: message, requestID: ex.requestID.string,
                                        close: !ex.clientKeepAlive, headOnly: ex.method == .head)
        output.append(bytes)
        ex.status = code
        ex.bytesOut = bytes.count
        phase = .proxy  // finishRequest picks the next phase
        finishRequest(status: code, upstream: ex.endpoint, upstreamNs: nil)
        if !ex.clientKeepAlive { phase = .closing }
    }

    // MARK: - Upgrade tunnel

    /// After a 101: bytes both ways until either side closes (RFC 6455 §4.1, RFC 9110 §7.8).
    func stepTunnel() -> Bool {
        guard let up = upstream else { close(); return false }
        var p = false
        // client → upstream: pipelined bytes already in input go first.
        if !input.isEmpty, up.writable {
            do {
                switch try up.send(input) {
                case .wouldBlock: up.writable = false
                case .processed(let n): p = p || n > 0; setDeadline(worker.config.idleTimeout, .idle)
                }
            } catch { close(); return false }
        }
        if input.isEmpty, readClient() { p = true }
        // upstream → client, after the 101 head in output.
        if !output.isEmpty || !up.input.isEmpty, writable {
            let r: IOResult<Int>
            do { r = try writeClient(output.readableBytes, up.input.readableBytes) } catch { close(); return false }
            switch r {
            case .wouldBlock: writable = false
            case .processed(let n):
                let h = min(n, output.readableCount)
                output.consume(h)
                up.input.consume(n - h)
                worker.counters.bytesOut += UInt64(n)
                p = p || n > 0
                setDeadline(worker.config.idleTimeout, .idle)
            }
        }
        if up.input.isEmpty && up.readable {
            do {
                switch try up.read() {
                case .wouldBlock: up.readable = false
                case .processed(0): up.readable = false; closeTunnel(); return false
                case .processed: p = true
                }
            } catch { closeTunnel(); return false }
        }
        if readEOF && input.isEmpty { closeTunnel(); return false }
        return p
    }

    private func closeTunnel() {
        finishRequest(status: 101, upstream: ex.endpoint, upstreamNs: nil)
        if let up = upstream { upstream = nil; up.close() }
        phase = .closing
        drive()
    }
}
