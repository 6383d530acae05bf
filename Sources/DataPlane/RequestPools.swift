import HTTP1

/// A worker's per-request state pools (exchange records, request-head parsers), as one
/// reference a connection can hold strongly: whenever the connection is destroyed, even
/// after its worker at shutdown, it can still give its records back.
final class RequestPools {
    let exchanges = ExchangePool()
    let parsers: ParserPool

    init(limits: HTTPParserLimits) {
        parsers = ParserPool(limits: limits)
    }
}
