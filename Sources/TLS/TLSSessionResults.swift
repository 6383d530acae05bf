/// What one handshake step did.
public enum TLSHandshakeResult: Sendable, Hashable {
    /// The handshake is finished; plaintext can flow. Returned again on every later call.
    case complete
    /// OpenSSL needs more ciphertext from the peer. Flush `takeCiphertext` first: the step
    /// may have produced handshake records to send.
    case needsMoreInput
    /// The handshake failed. Flush `takeCiphertext` (it may hold the alert), then close.
    case failed(TLSError)
}

/// What a plaintext read did.
public enum TLSReadResult: Sendable, Hashable {
    /// This many plaintext bytes were stored.
    case bytes(Int)
    /// No complete record is buffered: feed more ciphertext (wait for EPOLLIN).
    case wantRead
    /// The peer sent close_notify (RFC 8446 §6.1): no more data will come.
    case closed
    /// The connection is broken (bad record MAC, unexpected message, ...). Close it.
    case failed(TLSError)
}
