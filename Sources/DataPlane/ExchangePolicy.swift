import HTTP1

/// The decisions a downstream connection makes, as pure functions from what it knows to an
/// action it then carries out: no sockets, no clock, tested with tables. The connection
/// (`DownstreamConnection`) only moves bytes and interprets these actions.
enum ExchangePolicy {
    // MARK: - Response heads

    /// What the client's connection knows when an upstream head arrives.
    struct ResponseContext: Equatable {
        var clientVersion: HTTPVersion = .http1_1
        var clientKeepAlive = true
        var clientExpectsContinue = false
        var requestBodyComplete = true
        var upgradeRequested = false
        var draining = false
    }

    /// What to do with an upstream response head.
    enum ResponseAction: Equatable {
        /// A 1xx interim response to pass on (100 only if the client asked for it, RFC 9110 §15.2).
        case forwardInterim
        /// An interim response the client did not ask for: drop it, keep waiting.
        case dropInterim
        /// 101 to an upgrade request: forward it, then tunnel bytes (RFC 9110 §7.8, RFC 6455 §4.1).
        case tunnel
        /// 101 nobody asked for: the upstream is broken (502).
        case reject
        /// The final response: forward it; `close` ends the client connection after it,
        /// `dechunk` strips chunked framing for an HTTP/1.0 client (RFC 9112 §7.1),
        /// `reuseUpstream` pools the upstream connection after it.
        case forward(close: Bool, dechunk: Bool, reuseUpstream: Bool)
    }

    static func onResponseHead(status: Int, framing: BodyFraming, upstreamKeepAlive: Bool,
                               _ c: ResponseContext) -> ResponseAction {
        if status == 101 { return c.upgradeRequested ? .tunnel : .reject }
        if status < 200 { return status != 100 || c.clientExpectsContinue ? .forwardInterim : .dropInterim }
        let untilClose = framing == .untilClose
        let dechunk = c.clientVersion == .http1_0 && framing == .chunked
        // The client connection survives only if both messages framed cleanly and nobody
        // asked to close.
        let close = !c.clientKeepAlive || untilClose || !c.requestBodyComplete || c.draining || dechunk
        return .forward(close: close, dechunk: dechunk, reuseUpstream: upstreamKeepAlive && !untilClose)
    }

    // MARK: - After a response

    /// What follows a completed response.
    enum NextAction: Equatable {
        /// Parse the next request: pipelined bytes are waiting (header timeout), or not
        /// (keep-alive timeout).
        case nextRequest(DeadlineReason)
        /// Flush what is queued, then close.
        case closeAfterFlush
    }

    static func afterResponse(clientKeepAlive: Bool, requestBodyComplete: Bool, draining: Bool,
                              pipelinedBytesWaiting: Bool) -> NextAction {
        guard clientKeepAlive, requestBodyComplete, !draining else { return .closeAfterFlush }
        return .nextRequest(pipelinedBytesWaiting ? .header : .keepalive)
    }

    // MARK: - Timeouts

    /// What a fired deadline does.
    enum TimeoutAction: Equatable {
        /// Close without a word (idle keep-alive, or nothing of a request arrived).
        case close
        /// Answer 408 and close (a slow request head: slowloris).
        case requestTimeout
        /// Answer 504 (upstream did not connect or answer in time).
        case gatewayTimeout
    }

    static func onDeadline(_ reason: DeadlineReason, proxying: Bool, responseStarted: Bool,
                           requestBytesWaiting: Bool) -> TimeoutAction {
        switch reason {
        case .none, .keepalive:
            return .close
        case .header:
            return requestBytesWaiting ? .requestTimeout : .close
        case .connect, .response:
            return responseStarted ? .close : .gatewayTimeout
        case .idle:
            return proxying && !responseStarted ? .gatewayTimeout : .close
        }
    }

    // MARK: - Upstream failures

    /// What an upstream read/write failure or early EOF leads to.
    enum FailureAction: Equatable {
        /// Retry once on a fresh connection to the same endpoint.
        case retryFresh
        /// Answer with an error page (nothing of the response was sent).
        case errorPage
        /// Close the client connection: a truncated response must look broken.
        case abortClient
    }

    /// A pooled connection can be found dead only by using it; the request is replayed if it
    /// is idempotent and nothing of it that we could not resend was consumed (RFC 9110 §9.2.2).
    static func onUpstreamFailure(responseStarted: Bool, reusedConnection: Bool, alreadyRetried: Bool,
                                  idempotent: Bool, requestHasBody: Bool) -> FailureAction {
        if responseStarted { return .abortClient }
        if reusedConnection && !alreadyRetried && idempotent && !requestHasBody { return .retryFresh }
        return .errorPage
    }
}
