import HTTP1
import Testing

/// One chunked body (possibly followed by other bytes) and what decoding it yields.
struct ChunkedCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    var data: String? = nil
    var error: HTTPParseError? = nil
    var consumed: Int? = nil
    var limits = HTTPParserLimits()
    var testDescription: String { name }
}

@Suite struct ChunkedDecoderTests {
    static let wiki = "4\r\nWiki\r\n7\r\npedia i\r\nB\r\nn \r\nchunks.\r\n0\r\n\r\n"

    static let cases: [ChunkedCase] = [
        .init(name: "a body in three chunks", input: wiki, data: "Wikipedia in \r\nchunks."),
        .init(name: "an empty body", input: "0\r\n\r\n", data: ""),
        .init(name: "bytes after the body are not consumed", input: "1\r\na\r\n0\r\n\r\nGET /", data: "a", consumed: 11),
        .init(name: "upper and lower case hex", input: "a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n",
              data: "01234567890123456789"),
        .init(name: "leading zeros in a size", input: "0005\r\nhello\r\n000\r\n\r\n", data: "hello"),
        .init(name: "sixteen hex digits fit", input: "0000000000000001\r\nx\r\n0\r\n\r\n", data: "x"),
        .init(name: "an extension with a token value", input: "5;name=value\r\nhello\r\n0;last\r\n\r\n", data: "hello"),
        .init(name: "an extension with a quoted value", input: "5;a=\"b; c\\\"d\"\r\nhello\r\n0\r\n\r\n", data: "hello"),
        .init(name: "extensions with whitespace around the separators (BWS)",
              input: "5 ; a = b ;c\t\r\nhello\r\n0\r\n\r\n", data: "hello"),
        .init(name: "trailer fields are dropped",
              input: "5\r\nhello\r\n0\r\nExpires: Wed, 21 Oct 2015 07:28:00 GMT\r\nX-Sum:abc\r\n\r\n", data: "hello"),

        .init(name: "a size with a plus sign", input: "+5\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "a size with a 0x prefix", input: "0x5\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "a size with leading whitespace", input: " 5\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "a negative size", input: "-5\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "a missing size", input: "\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "a size with a non-hex letter", input: "5g\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "seventeen hex digits", input: "00000000000000005\r\nhello\r\n0\r\n\r\n", error: .invalidChunkSize),
        .init(name: "a size that overflows 64 bits", input: "10000000000000000\r\nx\r\n0\r\n\r\n",
              error: .invalidChunkSize, limits: .init(maxChunkSizeDigits: 32)),
        .init(name: "trailing whitespace without an extension", input: "5 \r\nhello\r\n0\r\n\r\n",
              error: .invalidChunkExtension),
        .init(name: "an extension without a name", input: "5;=a\r\nhello\r\n0\r\n\r\n", error: .invalidChunkExtension),
        .init(name: "an extension with a control byte", input: "5;a=\u{1}\r\nhello\r\n0\r\n\r\n",
              error: .invalidChunkExtension),
        .init(name: "an extension with a bare LF", input: "5;a\nhello\r\n0\r\n\r\n", error: .invalidChunkFraming),
        .init(name: "an unterminated quoted extension", input: "5;a=\"b\r\nhello\r\n0\r\n\r\n",
              error: .invalidChunkExtension),
        .init(name: "an extension longer than the limit", input: "5;\(String(repeating: "a", count: 40))\r\nhello\r\n0\r\n\r\n",
              error: .invalidChunkExtension, limits: .init(maxChunkExtensionBytes: 32)),
        .init(name: "a size line ended by a bare LF", input: "5\nhello\r\n0\r\n\r\n", error: .invalidChunkFraming),
        .init(name: "a size line ended by CR alone", input: "5\rhello\r\n0\r\n\r\n", error: .invalidChunkFraming),
        .init(name: "data longer than its size", input: "5\r\nhello!\r\n0\r\n\r\n", error: .invalidChunkFraming),
        .init(name: "data ended by a bare LF", input: "5\r\nhello\n0\r\n\r\n", error: .invalidChunkFraming),
        .init(name: "a last chunk ended by a bare LF", input: "0\r\n\n", error: .invalidChunkFraming),
        .init(name: "an obs-folded trailer", input: "0\r\nA: 1\r\n 2\r\n\r\n", error: .invalidTrailer),
        .init(name: "a trailer with whitespace before the colon", input: "0\r\nA : 1\r\n\r\n", error: .invalidTrailer),
        .init(name: "a trailer without a colon", input: "0\r\nA\r\n\r\n", error: .invalidTrailer),
        .init(name: "a trailer with an empty name", input: "0\r\n: 1\r\n\r\n", error: .invalidTrailer),
        .init(name: "a trailer with a NUL", input: "0\r\nA: \u{0}\r\n\r\n", error: .invalidTrailer),
        .init(name: "a trailer ended by a bare LF", input: "0\r\nA: 1\n\r\n", error: .invalidTrailer),
        .init(name: "a trailer section longer than the limit",
              input: "0\r\nA: \(String(repeating: "a", count: 40))\r\n\r\n", error: .trailerTooLarge,
              limits: .init(maxTrailerBytes: 32)),
    ]

    @Test(arguments: cases)
    func aChunkedBodyDecodesTheSameForEverySplitOfItsInput(_ c: ChunkedCase) {
        let input = Feeding.bytes(c.input)
        var ways: [[[UInt8]]] = [[input], input.map { [$0] }]
        for k in 0...input.count { ways.append([Array(input[..<k]), Array(input[k...])]) }
        for (i, pieces) in ways.enumerated() {
            switch Feeding.dechunk(pieces, limits: c.limits) {
            case .success(let r):
                #expect(c.error == nil, "way \(i): decoded, expected \(String(describing: c.error))")
                #expect(r.finished, "way \(i)")
                #expect(r.data == c.data.map(Feeding.bytes), "way \(i)")
                #expect(r.consumed == (c.consumed ?? input.count), "way \(i)")
            case .failure(let e):
                #expect(e == c.error, "way \(i)")
            }
        }
    }

    @Test func dataIsHandedOutWithoutWaitingForTheWholeChunk() throws {
        var decoder = ChunkedDecoder()
        var seen: [UInt8] = []
        let first = Feeding.bytes("10\r\n0123")
        let r = try first.withUnsafeBytes { b in try decoder.decode(b) { seen.append(contentsOf: $0) } }
        #expect(r.consumed == first.count)
        #expect(!r.finished)
        #expect(seen == Feeding.bytes("0123"))
    }

    @Test func aFinishedDecoderConsumesNothingMore() throws {
        var decoder = ChunkedDecoder()
        let body = Feeding.bytes("0\r\n\r\n")
        _ = try body.withUnsafeBytes { b in try decoder.decode(b) { _ in } }
        #expect(decoder.isFinished)
        let more = Feeding.bytes("5\r\n")
        let r = try more.withUnsafeBytes { b in try decoder.decode(b) { _ in } }
        #expect(r.consumed == 0)
        #expect(r.finished)
        decoder.reset()
        #expect(!decoder.isFinished)
    }

    @Test func anErrorIsRepeatedOnTheNextCall() {
        var decoder = ChunkedDecoder()
        let bad = Feeding.bytes("x\r\n")
        #expect(throws: HTTPParseError.invalidChunkSize) {
            try bad.withUnsafeBytes { b in try decoder.decode(b) { _ in } }
        }
        #expect(throws: HTTPParseError.invalidChunkSize) {
            try Feeding.bytes("0\r\n\r\n").withUnsafeBytes { b in try decoder.decode(b) { _ in } }
        }
    }
}
