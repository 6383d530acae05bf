/// Why a head or a chunked body was rejected, with the status a server answers.
///
/// Every case ends the connection: after a framing error the next message's start is
/// unknown, and guessing it is how request smuggling works (RFC 9112 §11.2). For an
/// upstream response a proxy answers 502 whatever the case says.
public enum HTTPParseError: Error, Sendable, Equatable, Hashable {
    /// The head is longer than `maxHeaderBytes`.
    case headTooLarge
    /// One field line is longer than `maxFieldBytes`.
    case fieldTooLarge
    /// More field lines than `maxHeaderCount`.
    case tooManyFields
    /// The request-target is longer than `maxTargetBytes`.
    case targetTooLong
    /// The method is empty, not a token, or longer than `maxMethodBytes`.
    case invalidMethod
    /// The request-target has a forbidden byte or a form its method does not allow.
    case invalidTarget
    /// The request line is not `method SP target SP version`.
    case invalidRequestLine
    /// The version is not `HTTP/<digit>.<digit>`.
    case invalidVersion
    /// A well-formed version other than HTTP/1.0 and HTTP/1.1.
    case unsupportedVersion
    /// The status line is not `version SP 3DIGIT SP reason`.
    case invalidStatusLine
    /// LF without the CR before it (RFC 9112 §2.2: we accept CRLF only).
    case bareLineFeed
    /// CR not followed by LF.
    case bareCarriageReturn
    /// A field line starts with SP or HTAB (obs-fold, RFC 9112 §5.2).
    case obsoleteLineFolding
    /// Whitespace between a field name and its colon (RFC 9112 §5.1).
    case whitespaceBeforeColon
    /// A field name is empty, not a token, or has no colon after it; also
    /// `Content_Length` and `Transfer_Encoding`, which some backends read as framing.
    case invalidFieldName
    /// A field value holds NUL or another control byte (RFC 9110 §5.5).
    case invalidFieldValue
    /// An HTTP/1.1 request without Host (RFC 9112 §3.2).
    case missingHost
    /// A request with more than one Host field line (RFC 9112 §3.2).
    case duplicateHost
    /// A Host value that is not `host[:port]`.
    case invalidHost
    /// Content-Length is not one run of digits, overflows, or is repeated.
    case invalidContentLength
    /// Both Content-Length and Transfer-Encoding (RFC 9112 §6.3 rule 3).
    case contentLengthWithTransferEncoding
    /// Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1).
    case transferEncodingInHTTP10
    /// A request whose final transfer coding is not chunked (RFC 9112 §6.3 rule 4).
    case transferEncodingNotChunked
    /// `chunked` listed more than once (RFC 9112 §6.1).
    case chunkedAppliedTwice
    /// A transfer coding other than chunked, which we do not implement (RFC 9112 §6.1).
    case unsupportedTransferCoding
    /// A chunk size that is not hex, overflows, or has more than `maxChunkSizeDigits`.
    case invalidChunkSize
    /// A malformed chunk extension or one longer than `maxChunkExtensionBytes`.
    case invalidChunkExtension
    /// Chunk data not followed by CRLF, or a chunk line not ended by CRLF.
    case invalidChunkFraming
    /// A malformed trailer field line.
    case invalidTrailer
    /// The trailer section is longer than `maxTrailerBytes`.
    case trailerTooLarge

    /// The status code a server answers with before closing the connection.
    public var status: Int {
        switch self {
        case .headTooLarge, .fieldTooLarge, .tooManyFields, .trailerTooLarge: 431
        case .targetTooLong: 414
        case .unsupportedVersion: 505
        case .unsupportedTransferCoding: 501
        default: 400
        }
    }

    /// A short reason for logs and for the error page.
    public var reason: String {
        switch self {
        case .headTooLarge: "request head too large"
        case .fieldTooLarge: "header field too large"
        case .tooManyFields: "too many header fields"
        case .targetTooLong: "request target too long"
        case .invalidMethod: "invalid method"
        case .invalidTarget: "invalid request target"
        case .invalidRequestLine: "malformed request line"
        case .invalidVersion: "malformed HTTP version"
        case .unsupportedVersion: "HTTP version not supported"
        case .invalidStatusLine: "malformed status line"
        case .bareLineFeed: "line ended by LF without CR"
        case .bareCarriageReturn: "CR not followed by LF"
        case .obsoleteLineFolding: "obsolete line folding"
        case .whitespaceBeforeColon: "whitespace between field name and colon"
        case .invalidFieldName: "invalid header field name"
        case .invalidFieldValue: "control character in header field value"
        case .missingHost: "missing Host header"
        case .duplicateHost: "duplicate Host header"
        case .invalidHost: "invalid Host header"
        case .invalidContentLength: "invalid Content-Length"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 message"
        case .transferEncodingNotChunked: "final transfer coding is not chunked"
        case .chunkedAppliedTwice: "chunked applied more than once"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .invalidChunkSize: "invalid chunk size"
        case .invalidChunkExtension: "invalid chunk extension"
        case .invalidChunkFraming: "chunk not terminated by CRLF"
        case .invalidTrailer: "invalid trailer field"
        case .trailerTooLarge: "trailer section too large"
        }
    }
}
