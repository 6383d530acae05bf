import Reactor
import TLS

/// The TLS state of one HTTPS client connection: the OpenSSL session (a byte transformer
/// over memory BIOs) and the ciphertext `write(2)` has not taken yet.
///
/// A plain-HTTP connection has none (`DownstreamConnection.tls == nil`), so the plain path
/// pays one nil check per read or write batch and nothing per byte.
final class TLSTransport {
    let session: TLSServerSession
    /// Ciphertext left over from a short `write(2)`; storage only while something waits.
    let pending: IOBuffer
    /// The `Strict-Transport-Security` field line for the current exchange (RFC 6797 §7.1),
    /// set by routing, added to the response head, cleared per request.
    var hstsField: [UInt8]?

    init(session: TLSServerSession, pool: BufferPool) {
        self.session = session
        pending = IOBuffer(pool: pool)
    }

    /// True when every ciphertext byte produced so far has been handed to the kernel.
    var isDrained: Bool { pending.isEmpty && !session.hasPendingCiphertext }

    /// Plaintext encrypted per write call: four full records (RFC 8446 §5.1: 2^14 each)
    /// keep the ciphertext of one call within the scratch buffer and the socket's appetite.
    static let plaintextBatch = 4 * 16 * 1024
}

/// A loop's scratch space for ciphertext on its way between a socket and OpenSSL; used
/// within one call only, so one per worker serves every connection.
final class TLSScratch {
    let buffer: UnsafeMutableRawBufferPointer

    init(capacity: Int = 80 * 1024) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }
}
