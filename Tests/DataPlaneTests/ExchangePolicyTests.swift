import HTTP1
import Testing
@testable import DataPlane

typealias Ctx = ExchangePolicy.ResponseContext

@Test("Response heads map to forward, interim, tunnel or reject actions",
      arguments: [
        // status, framing, upstream keep-alive, context, expected
        (200, BodyFraming.contentLength(5), true, Ctx(), ExchangePolicy.ResponseAction.forward(close: false, dechunk: false, reuseUpstream: true)),
        (200, .untilClose, false, Ctx(), .forward(close: true, dechunk: false, reuseUpstream: false)),
        (200, .chunked, true, Ctx(clientVersion: .http1_0), .forward(close: true, dechunk: true, reuseUpstream: true)),
        (200, .contentLength(1), true, Ctx(clientKeepAlive: false), .forward(close: true, dechunk: false, reuseUpstream: true)),
        (413, .contentLength(0), true, Ctx(requestBodyComplete: false), .forward(close: true, dechunk: false, reuseUpstream: true)),
        (200, .contentLength(1), true, Ctx(draining: true), .forward(close: true, dechunk: false, reuseUpstream: true)),
        (200, .contentLength(1), false, Ctx(), .forward(close: false, dechunk: false, reuseUpstream: false)),
        (100, .none, true, Ctx(clientExpectsContinue: true), .forwardInterim),
        (100, .none, true, Ctx(), .dropInterim),
        (103, .none, true, Ctx(), .forwardInterim),
        (101, .none, true, Ctx(upgradeRequested: true), .tunnel),
        (101, .none, true, Ctx(), .reject),
      ])
func responseHeadActions(status: Int, framing: BodyFraming, keepAlive: Bool, context: Ctx,
                         expected: ExchangePolicy.ResponseAction) {
    #expect(ExchangePolicy.onResponseHead(status: status, framing: framing, upstreamKeepAlive: keepAlive, context) == expected)
}

@Test("After a response the connection reads the next request or closes",
      arguments: [
        (true, true, false, false, ExchangePolicy.NextAction.nextRequest(.keepalive)),
        (true, true, false, true, .nextRequest(.header)),
        (false, true, false, false, .closeAfterFlush),
        (true, false, false, false, .closeAfterFlush),
        (true, true, true, false, .closeAfterFlush),
      ])
func afterResponse(keepAlive: Bool, bodyDone: Bool, draining: Bool, pipelined: Bool, expected: ExchangePolicy.NextAction) {
    #expect(ExchangePolicy.afterResponse(clientKeepAlive: keepAlive, requestBodyComplete: bodyDone,
                                         draining: draining, pipelinedBytesWaiting: pipelined) == expected)
}

@Test("Deadlines close, answer 408 or answer 504",
      arguments: [
        (DeadlineReason.keepalive, false, false, false, ExchangePolicy.TimeoutAction.close),
        (.header, false, false, true, .requestTimeout),
        (.header, false, false, false, .close),
        (.connect, true, false, false, .gatewayTimeout),
        (.response, true, false, false, .gatewayTimeout),
        (.response, true, true, false, .close),
        (.idle, true, false, false, .gatewayTimeout),
        (.idle, true, true, false, .close),
        (.idle, false, false, false, .close),
      ])
func deadlineActions(reason: DeadlineReason, proxying: Bool, started: Bool, waiting: Bool, expected: ExchangePolicy.TimeoutAction) {
    #expect(ExchangePolicy.onDeadline(reason, proxying: proxying, responseStarted: started, requestBytesWaiting: waiting) == expected)
}

@Test("Only an idempotent, bodiless request on a reused connection is retried, once",
      arguments: [
        (false, true, false, true, false, ExchangePolicy.FailureAction.retryFresh),
        (false, true, true, true, false, .errorPage),
        (false, true, false, false, false, .errorPage),
        (false, true, false, true, true, .errorPage),
        (false, false, false, true, false, .errorPage),
        (true, true, false, true, false, .abortClient),
      ])
func upstreamFailureActions(started: Bool, reused: Bool, retried: Bool, idempotent: Bool, body: Bool,
                            expected: ExchangePolicy.FailureAction) {
    #expect(ExchangePolicy.onUpstreamFailure(responseStarted: started, reusedConnection: reused, alreadyRetried: retried,
                                             idempotent: idempotent, requestHasBody: body) == expected)
}
