import HTTP1
import Testing

/// One malformed request and the error it must produce however it is split.
struct RejectedRequest: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let error: HTTPParseError
    var limits = HTTPParserLimits()
    var testDescription: String { name }
}

@Suite struct RequestStrictnessTests {
    static let h = "Host: a.example\r\n"

    static let rejected: [RejectedRequest] = [
        // MARK: Framing (RFC 9112 §6.3)
        .init(name: "Content-Length and Transfer-Encoding together",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
              error: .contentLengthWithTransferEncoding),
        .init(name: "Transfer-Encoding before Content-Length",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
              error: .contentLengthWithTransferEncoding),
        .init(name: "two different Content-Length fields",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
              error: .invalidContentLength),
        .init(name: "two equal Content-Length fields (we choose to reject)",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 5\r\nContent-Length: 5\r\n\r\n",
              error: .invalidContentLength),
        .init(name: "a Content-Length list of equal values (we choose to reject)",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 1,1\r\n\r\n", error: .invalidContentLength),
        .init(name: "a negative Content-Length",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: -1\r\n\r\n", error: .invalidContentLength),
        .init(name: "a Content-Length with a plus sign",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: +1\r\n\r\n", error: .invalidContentLength),
        .init(name: "a hex Content-Length",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 0x10\r\n\r\n", error: .invalidContentLength),
        .init(name: "a Content-Length with inner space",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 1 2\r\n\r\n", error: .invalidContentLength),
        .init(name: "an empty Content-Length",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length:\r\n\r\n", error: .invalidContentLength),
        .init(name: "a Content-Length that overflows 64 bits",
              input: "POST / HTTP/1.1\r\n\(h)Content-Length: 18446744073709551616\r\n\r\n",
              error: .invalidContentLength),
        .init(name: "a final transfer coding that is not chunked",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked, gzip\r\n\r\n",
              error: .transferEncodingNotChunked),
        .init(name: "a lone gzip transfer coding",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: gzip\r\n\r\n", error: .transferEncodingNotChunked),
        .init(name: "an empty Transfer-Encoding",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: \r\n\r\n", error: .transferEncodingNotChunked),
        .init(name: "chunked with a parameter",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked;q=1\r\n\r\n",
              error: .transferEncodingNotChunked),
        .init(name: "a misspelled chunked",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunk\r\n\r\n", error: .transferEncodingNotChunked),
        .init(name: "chunked applied twice in one field",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked, chunked\r\n\r\n",
              error: .chunkedAppliedTwice),
        .init(name: "chunked applied twice in two fields",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
              error: .chunkedAppliedTwice),
        .init(name: "an unsupported coding before chunked",
              input: "POST / HTTP/1.1\r\n\(h)Transfer-Encoding: gzip, chunked\r\n\r\n",
              error: .unsupportedTransferCoding),
        .init(name: "Transfer-Encoding in an HTTP/1.0 request",
              input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", error: .transferEncodingInHTTP10),

        // MARK: Field syntax (RFC 9112 §5, RFC 9110 §5.5)
        .init(name: "obs-fold continuing a field",
              input: "GET / HTTP/1.1\r\n\(h)X-A: 1\r\n 2\r\n\r\n", error: .obsoleteLineFolding),
        .init(name: "obs-fold with a tab",
              input: "GET / HTTP/1.1\r\n\(h)X-A: 1\r\n\t2\r\n\r\n", error: .obsoleteLineFolding),
        .init(name: "whitespace before the first field",
              input: "GET / HTTP/1.1\r\n \(h)\r\n", error: .obsoleteLineFolding),
        .init(name: "a space between field name and colon",
              input: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", error: .whitespaceBeforeColon),
        .init(name: "a tab between field name and colon",
              input: "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", error: .whitespaceBeforeColon),
        .init(name: "a bare CR inside a field value",
              input: "GET / HTTP/1.1\r\n\(h)X-A: 1\r2\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "a bare CR ending a field name",
              input: "GET / HTTP/1.1\r\n\(h)X-A\rX: 1\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "a bare LF ending the request line",
              input: "GET / HTTP/1.1\n\(h)\r\n", error: .bareLineFeed),
        .init(name: "a bare LF ending a field line",
              input: "GET / HTTP/1.1\r\nHost: a\n\r\n", error: .bareLineFeed),
        .init(name: "a bare LF ending the head",
              input: "GET / HTTP/1.1\r\n\(h)\n", error: .bareLineFeed),
        .init(name: "a bare LF before the request line",
              input: "\nGET / HTTP/1.1\r\n\(h)\r\n", error: .bareLineFeed),
        .init(name: "a NUL in a field value",
              input: "GET / HTTP/1.1\r\n\(h)X-A: a\u{0}b\r\n\r\n", error: .invalidFieldValue),
        .init(name: "a control byte in a field value",
              input: "GET / HTTP/1.1\r\n\(h)X-A: a\u{1}b\r\n\r\n", error: .invalidFieldValue),
        .init(name: "a DEL in a field value",
              input: "GET / HTTP/1.1\r\n\(h)X-A: a\u{7F}b\r\n\r\n", error: .invalidFieldValue),
        .init(name: "an escape byte late in a long field value",
              input: "GET / HTTP/1.1\r\n\(h)X-A: abcdefghijklmnopqrstuvwxyz\u{1B}\r\n\r\n", error: .invalidFieldValue),
        .init(name: "a field name that is not a token",
              input: "GET / HTTP/1.1\r\n\(h)X(A): 1\r\n\r\n", error: .invalidFieldName),
        .init(name: "a field name with a non-ASCII byte",
              input: "GET / HTTP/1.1\r\n\(h)Xé: 1\r\n\r\n", error: .invalidFieldName),
        .init(name: "an empty field name",
              input: "GET / HTTP/1.1\r\n\(h): 1\r\n\r\n", error: .invalidFieldName),
        .init(name: "a field line without a colon",
              input: "GET / HTTP/1.1\r\n\(h)X-A\r\n\r\n", error: .invalidFieldName),

        // MARK: Request line (RFC 9112 §3)
        .init(name: "a method that is not a token",
              input: "G(T / HTTP/1.1\r\n\(h)\r\n", error: .invalidMethod),
        .init(name: "a method longer than the limit",
              input: "\(String(repeating: "M", count: 33)) / HTTP/1.1\r\n\(h)\r\n", error: .invalidMethod),
        .init(name: "a request line without spaces longer than a method may be",
              input: "\(String(repeating: "M", count: 40))\r\n\(h)\r\n", error: .invalidMethod),
        .init(name: "two spaces after the method",
              input: "GET  / HTTP/1.1\r\n\(h)\r\n", error: .invalidRequestLine),
        .init(name: "a leading space",
              input: " GET / HTTP/1.1\r\n\(h)\r\n", error: .invalidRequestLine),
        .init(name: "a trailing space",
              input: "GET / HTTP/1.1 \r\n\(h)\r\n", error: .invalidRequestLine),
        .init(name: "a space inside the target",
              input: "GET /a b HTTP/1.1\r\n\(h)\r\n", error: .invalidRequestLine),
        .init(name: "tabs instead of spaces",
              input: "GET\t/\tHTTP/1.1\r\n\(h)\r\n", error: .invalidRequestLine),
        .init(name: "an HTTP/0.9 request line",
              input: "GET /\r\n\r\n", error: .invalidRequestLine),
        .init(name: "a lowercase protocol name",
              input: "GET / http/1.1\r\n\(h)\r\n", error: .invalidVersion),
        .init(name: "a version without a minor digit",
              input: "GET / HTTP/1\r\n\(h)\r\n", error: .invalidVersion),
        .init(name: "a version with a letter",
              input: "GET / HTTP/1.x\r\n\(h)\r\n", error: .invalidVersion),
        .init(name: "a version with two minor digits",
              input: "GET / HTTP/1.10\r\n\(h)\r\n", error: .invalidRequestLine),
        .init(name: "HTTP/2.0 on an HTTP/1 connection",
              input: "GET / HTTP/2.0\r\n\(h)\r\n", error: .unsupportedVersion),
        .init(name: "HTTP/1.2",
              input: "GET / HTTP/1.2\r\n\(h)\r\n", error: .unsupportedVersion),
        .init(name: "HTTP/0.9 with a version",
              input: "GET / HTTP/0.9\r\n\(h)\r\n", error: .unsupportedVersion),

        // MARK: Request target (RFC 9112 §3.2)
        .init(name: "an asterisk target for GET",
              input: "GET * HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "an authority target for GET",
              input: "GET a.example:443 HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "an origin target for CONNECT",
              input: "CONNECT / HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a CONNECT target without a port",
              input: "CONNECT a.example HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a CONNECT target with an empty port",
              input: "CONNECT a.example: HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a target with a fragment",
              input: "GET /a#b HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a target with a non-ASCII byte",
              input: "GET /é HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a target with a DEL",
              input: "GET /\u{7F} HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a target with a NUL",
              input: "GET /\u{0} HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a target with a bare CR",
              input: "GET /\r HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a relative target",
              input: "GET a/b HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "an absolute target with userinfo",
              input: "GET http://user@a.example/ HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "an absolute target with an empty host",
              input: "GET http:///a HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),
        .init(name: "a scheme without slashes",
              input: "GET http:a HTTP/1.1\r\n\(h)\r\n", error: .invalidTarget),

        // MARK: Host (RFC 9112 §3.2)
        .init(name: "an HTTP/1.1 request without Host",
              input: "GET / HTTP/1.1\r\nX-A: 1\r\n\r\n", error: .missingHost),
        .init(name: "an absolute-form HTTP/1.1 request without Host",
              input: "GET http://a.example/ HTTP/1.1\r\n\r\n", error: .missingHost),
        .init(name: "two Host fields",
              input: "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", error: .duplicateHost),
        .init(name: "two equal Host fields",
              input: "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", error: .duplicateHost),
        .init(name: "two Host fields in HTTP/1.0",
              input: "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", error: .duplicateHost),
        .init(name: "a Host with a space",
              input: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", error: .invalidHost),
        .init(name: "a Host with a slash",
              input: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", error: .invalidHost),
        .init(name: "a Host with userinfo",
              input: "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", error: .invalidHost),
        .init(name: "a Host with a non-numeric port",
              input: "GET / HTTP/1.1\r\nHost: a:b\r\n\r\n", error: .invalidHost),
        .init(name: "a Host with an unclosed IPv6 literal",
              input: "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", error: .invalidHost),

        // MARK: Limits
        .init(name: "a target longer than the limit",
              input: "GET /\(String(repeating: "a", count: 40)) HTTP/1.1\r\n\(h)\r\n", error: .targetTooLong,
              limits: .init(maxTargetBytes: 32)),
        .init(name: "a field longer than the limit",
              input: "GET / HTTP/1.1\r\n\(h)X-A: \(String(repeating: "a", count: 40))\r\n\r\n",
              error: .fieldTooLarge, limits: .init(maxFieldBytes: 32)),
        .init(name: "a head longer than the limit",
              input: "GET / HTTP/1.1\r\n\(h)X-A: 1\r\nX-B: 2\r\nX-C: 3\r\n\r\n",
              error: .headTooLarge, limits: .init(maxHeaderBytes: 40)),
        .init(name: "a head one byte longer than the limit",
              input: "GET / HTTP/1.1\r\n\(h)\r\n", error: .headTooLarge, limits: .init(maxHeaderBytes: 34)),
        .init(name: "more fields than the limit",
              input: "GET / HTTP/1.1\r\n\(h)X-A: 1\r\nX-B: 2\r\n\r\n", error: .tooManyFields,
              limits: .init(maxHeaderCount: 2)),
        .init(name: "endless empty lines before the request line",
              input: String(repeating: "\r\n", count: 40), error: .headTooLarge, limits: .init(maxHeaderBytes: 64)),
    ]

    @Test(arguments: rejected)
    func aMalformedRequestIsRejectedWithTheSameErrorHoweverItArrives(_ c: RejectedRequest) {
        let input = Feeding.bytes(c.input)
        #expect(Feeding.request(input, limits: c.limits) == .error(c.error), "whole")
        #expect(Feeding.requestByteByByte(input, limits: c.limits) == .error(c.error), "byte by byte")
        for (k, outcome) in Feeding.requestSplits(input, limits: c.limits).enumerated() {
            #expect(outcome == .error(c.error), "split at \(k)")
        }
    }

    @Test(arguments: rejected)
    func aRejectionCarriesTheStatusToAnswer(_ c: RejectedRequest) {
        let expected: Int =
            switch c.error {
            case .targetTooLong: 414
            case .headTooLarge, .fieldTooLarge, .tooManyFields: 431
            case .unsupportedVersion: 505
            case .unsupportedTransferCoding: 501
            default: 400
            }
        #expect(c.error.status == expected)
        #expect(!c.error.reason.isEmpty)
    }

    @Test func limitsAreEnforcedBeforeTheHeadIsComplete() {
        let limits = HTTPParserLimits(maxHeaderBytes: 1024, maxFieldBytes: 512, maxTargetBytes: 128)
        let longTarget = Feeding.bytes("GET /" + String(repeating: "a", count: 200))
        #expect(Feeding.request(longTarget, limits: limits) == .error(.targetTooLong))
        let longField = Feeding.bytes("GET / HTTP/1.1\r\nCookie: " + String(repeating: "a", count: 600))
        #expect(Feeding.request(longField, limits: limits) == .error(.fieldTooLarge))
        var manyFields = "GET / HTTP/1.1\r\n"
        for i in 0..<200 { manyFields += "X-\(i): v\r\n" }
        #expect(Feeding.request(Feeding.bytes(manyFields), limits: limits) == .error(.headTooLarge))
        let endlessMethod = Feeding.bytes(String(repeating: "G", count: 100))
        #expect(Feeding.request(endlessMethod, limits: limits) == .error(.invalidMethod))
    }

    @Test func theDefaultLimitsRejectASeventyKilobyteHeadWhileItIsStillArriving() {
        var head = "GET / HTTP/1.1\r\n\(Self.h)"
        for i in 0..<8 { head += "X-\(i): \(String(repeating: "v", count: 9000))\r\n" }
        #expect(Feeding.request(Feeding.bytes(head)) == .error(.headTooLarge))
    }

    @Test func anErrorIsRepeatedUntilTheParserIsReset() throws {
        var parser = RequestHeadParser()
        let bad = Feeding.bytes("GET / HTTP/1.1\r\nHost : a\r\n\r\n")
        #expect(throws: HTTPParseError.whitespaceBeforeColon) { try parser.parse(bad) }
        #expect(throws: HTTPParseError.whitespaceBeforeColon) { try parser.parse(Feeding.bytes(RequestHeadParserTests.simple)) }
        parser.reset()
        #expect(try parser.parse(Feeding.bytes(RequestHeadParserTests.simple)) != nil)
    }
}
