import HTTP1
import Testing

@Suite struct HTTPParseErrorTests {
    static let all: [(HTTPParseError, Int)] = [
        (.headTooLarge, 431), (.fieldTooLarge, 431), (.tooManyFields, 431), (.trailerTooLarge, 431),
        (.targetTooLong, 414), (.unsupportedVersion, 505), (.unsupportedTransferCoding, 501),
        (.invalidMethod, 400), (.invalidTarget, 400), (.invalidRequestLine, 400), (.invalidVersion, 400),
        (.invalidStatusLine, 400), (.bareLineFeed, 400), (.bareCarriageReturn, 400), (.obsoleteLineFolding, 400),
        (.whitespaceBeforeColon, 400), (.invalidFieldName, 400), (.invalidFieldValue, 400), (.missingHost, 400),
        (.duplicateHost, 400), (.invalidHost, 400), (.invalidContentLength, 400),
        (.contentLengthWithTransferEncoding, 400), (.transferEncodingInHTTP10, 400),
        (.transferEncodingNotChunked, 400), (.chunkedAppliedTwice, 400), (.invalidChunkSize, 400),
        (.invalidChunkExtension, 400), (.invalidChunkFraming, 400), (.invalidTrailer, 400),
    ]

    @Test(arguments: all)
    func everyErrorNamesTheStatusToAnswerAndAReason(_ error: HTTPParseError, _ status: Int) {
        #expect(error.status == status)
        #expect(!error.reason.isEmpty)
        #expect(HTTPStatus.reasonPhrase(for: error.status) != "Unknown")
    }

    @Test func reasonsAreDistinct() {
        #expect(Set(Self.all.map { $0.0.reason }).count == Self.all.count)
    }
}
