/// Writes the chunked transfer coding (RFC 9112 §7.1) into a caller-owned buffer.
public enum ChunkedEncoder {
    /// Appends `size-in-hex CRLF`; follow it with `size` data bytes and `appendChunkEnd`.
    /// A size of zero would be the last chunk and end the body early, so it (or a
    /// negative size) appends nothing: end a body with `appendLastChunk`, and prefer
    /// `appendChunk`, which skips empty data whole.
    @inlinable
    public static func appendChunkHeader(size: Int, into out: inout [UInt8]) {
        guard size > 0 else { return }
        var digits = 0
        var v = size
        while v > 0 { digits += 1; v >>= 4 }
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let d = UInt8((size >> shift) & 0xF)
            out.append(d < 10 ? 0x30 + d : 0x61 + d - 10)
            shift -= 4
        }
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    /// Appends the CRLF that ends a chunk's data.
    @inlinable
    public static func appendChunkEnd(into out: inout [UInt8]) {
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    /// Appends a whole chunk: header, data, CRLF. Empty data appends nothing.
    @inlinable
    public static func appendChunk(_ data: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard !data.isEmpty else { return }
        appendChunkHeader(size: data.count, into: &out)
        out.append(contentsOf: data)
        appendChunkEnd(into: &out)
    }

    /// Appends the last chunk and an empty trailer section: `0 CRLF CRLF`.
    @inlinable
    public static func appendLastChunk(into out: inout [UInt8]) {
        out.append(contentsOf: [0x30, ASCII.cr, ASCII.lf, ASCII.cr, ASCII.lf])
    }
}
