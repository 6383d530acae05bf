/// Size limits the head parsers and the chunked decoder enforce on untrusted input.
///
/// The defaults let multi-kilobyte JWTs and cookies through while bounding the memory an
/// idle or hostile peer can make a connection hold.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The whole head (start line, fields and the blank line), in bytes; 431 beyond it.
    public var maxHeaderBytes: Int
    /// One field line (name, colon and value, without CRLF); 431 beyond it.
    public var maxFieldBytes: Int
    /// The request-target; 414 beyond it.
    public var maxTargetBytes: Int
    /// The number of field lines in a head; 431 beyond it.
    public var maxHeaderCount: Int
    /// The request method token; 400 beyond it (no real method is this long).
    public var maxMethodBytes: Int
    /// Hex digits of one chunk size, leading zeros included; 400 beyond it.
    public var maxChunkSizeDigits: Int
    /// The extensions after one chunk size; 400 beyond it.
    public var maxChunkExtensionBytes: Int
    /// The whole trailer section of a chunked body; 431 beyond it.
    public var maxTrailerBytes: Int

    /// Creates limits; every default suits an edge proxy.
    public init(
        maxHeaderBytes: Int = 65536,
        maxFieldBytes: Int = 16384,
        maxTargetBytes: Int = 8192,
        maxHeaderCount: Int = 128,
        maxMethodBytes: Int = 32,
        maxChunkSizeDigits: Int = 16,
        maxChunkExtensionBytes: Int = 4096,
        maxTrailerBytes: Int = 16384
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxTargetBytes = maxTargetBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxMethodBytes = maxMethodBytes
        self.maxChunkSizeDigits = maxChunkSizeDigits
        self.maxChunkExtensionBytes = maxChunkExtensionBytes
        self.maxTrailerBytes = maxTrailerBytes
    }
}
