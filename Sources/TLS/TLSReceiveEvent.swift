/// What one `receive(ciphertext:plaintext:output:)` call did: the whole EPOLLIN step in one value.
public struct TLSReceiveEvent: Sendable, Hashable {
    /// True on the call that finished the handshake: read ALPN/SNI now, cancel the timer.
    public var handshakeCompleted: Bool
    /// True while the handshake still needs input from the peer.
    public var stillHandshaking: Bool
    /// Plaintext bytes appended to `plaintext`.
    public var plaintextBytes: Int
    /// True when the peer's close_notify was read.
    public var peerClosed: Bool
    /// Set when the connection failed; close it after writing `output` (it may hold an alert).
    public var failure: TLSError?

    static let idle = TLSReceiveEvent(handshakeCompleted: false, stillHandshaking: false, plaintextBytes: 0,
                                      peerClosed: false, failure: nil)
}

extension TLSConnection {
    /// Feed, step the handshake, decrypt everything available, and collect what to send.
    func receive(_ ciphertext: UnsafeRawBufferPointer, plaintext: inout [UInt8],
                 output: inout [UInt8]) -> TLSReceiveEvent {
        var event = TLSReceiveEvent.idle
        feed(ciphertext)
        if !isHandshakeComplete {
            switch advance() {
            case .failed(let error):
                event.failure = error
                _ = take(appendingTo: &output)
                return event
            case .needsMoreInput:
                event.stillHandshaking = true
                _ = take(appendingTo: &output)
                return event
            case .complete:
                event.handshakeCompleted = true
            }
        }
        switch read(appendingTo: &plaintext) {
        case .bytes(let n):
            event.plaintextBytes = n
            if receivedCloseNotify { event.peerClosed = true }
        case .closed: event.peerClosed = true
        case .failed(let error): event.failure = error
        case .wantRead: break
        }
        _ = take(appendingTo: &output)
        return event
    }
}

extension TLSServerSession {
    /// The whole EPOLLIN step: feeds `ciphertext`, advances the handshake, appends all
    /// decrypted bytes to `plaintext` and everything to send (handshake records, alerts,
    /// tickets) to `output`. The loop then writes `output` and hands `plaintext` to HTTP.
    public func receive(ciphertext: UnsafeRawBufferPointer, plaintext: inout [UInt8],
                        output: inout [UInt8]) -> TLSReceiveEvent {
        connection.receive(ciphertext, plaintext: &plaintext, output: &output)
    }
}

extension TLSClientSession {
    /// The whole EPOLLIN step for an upstream connection; see `TLSServerSession.receive`.
    public func receive(ciphertext: UnsafeRawBufferPointer, plaintext: inout [UInt8],
                        output: inout [UInt8]) -> TLSReceiveEvent {
        connection.receive(ciphertext, plaintext: &plaintext, output: &output)
    }
}
