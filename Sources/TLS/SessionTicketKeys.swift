internal import COpenSSL
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One session-ticket key: a 16-byte name the ticket carries, an AES-256 key, an HMAC key.
struct SessionTicketKey: Sendable {
    var name: [UInt8]
    var aesKey: [UInt8]
    var hmacKey: [UInt8]

    static func random() -> SessionTicketKey {
        func bytes(_ n: Int) -> [UInt8] {
            var b = [UInt8](repeating: 0, count: n)
            guard RAND_bytes(&b, Int32(n)) == 1 else { fatalError("RAND_bytes failed: no entropy") }
            return b
        }
        return SessionTicketKey(name: bytes(16), aesKey: bytes(32), hmacKey: bytes(32))
    }
}

/// The ticket keys shared by every certificate context of one `TLSServerContext`.
///
/// Why our own keys and not OpenSSL's: OpenSSL generates ticket keys once per `SSL_CTX`
/// and never rotates them, and we build new `SSL_CTX`s whenever certificates change, which
/// would both keep a key forever and break resumption on every rotation. One ring per
/// server context, rotated every `rotationSeconds` (default 12 h), keeps forward secrecy
/// bounded and tickets valid across certificate updates. The previous key still decrypts,
/// and OpenSSL then re-issues the ticket under the current key (callback returns 2).
/// Keys are random per process: replicas do not share them, so a client that lands on
/// another node does a full handshake (acceptable for an edge behind a hashing LB).
final class SessionTicketKeyRing: Sendable {
    struct State {
        var current: SessionTicketKey
        var previous: SessionTicketKey?
        var rotatedAt: Int64
    }

    private let state: Mutex<State>
    /// Seconds between automatic rotations.
    let rotationSeconds: Int64

    init(rotationSeconds: Int64 = 12 * 3600) {
        self.rotationSeconds = rotationSeconds
        self.state = Mutex(State(current: .random(), previous: nil, rotatedAt: Int64(time(nil))))
    }

    /// Makes a new current key now; the old current one becomes the decrypt-only previous key.
    func rotate() {
        state.withLock { s in
            s.previous = s.current
            s.current = .random()
            s.rotatedAt = Int64(time(nil))
        }
    }

    /// The key to encrypt a new ticket with, rotating first when the interval has passed.
    func encryptionKey(now: Int64) -> SessionTicketKey {
        state.withLock { s in
            if now - s.rotatedAt >= rotationSeconds {
                s.previous = s.current
                s.current = .random()
                s.rotatedAt = now
            }
            return s.current
        }
    }

    /// The key a ticket names, and whether it is the current one.
    func decryptionKey(named name: UnsafePointer<UInt8>) -> (key: SessionTicketKey, isCurrent: Bool)? {
        let wanted = UnsafeBufferPointer(start: name, count: 16)
        return state.withLock { s in
            if s.current.name.elementsEqual(wanted) { return (s.current, true) }
            if let p = s.previous, p.name.elementsEqual(wanted) { return (p, false) }
            return nil
        }
    }
}
