import Routing
@testable import TLS

/// The calls the in-memory pump needs; both session types have them.
protocol InMemoryPeer: AnyObject {
    func feedCiphertext(_ bytes: [UInt8])
    func handshake() -> TLSHandshakeResult
    func takeCiphertext(into buffer: inout [UInt8]) -> Int
    func readPlaintext(into buffer: inout [UInt8]) -> TLSReadResult
    func writePlaintext(_ bytes: [UInt8]) throws(TLSError)
    var isHandshakeComplete: Bool { get }
}

extension TLSServerSession: InMemoryPeer {}
extension TLSClientSession: InMemoryPeer {}

/// Moves ciphertext between two sessions in memory, `chunk` bytes per feed.
enum Pump {
    /// Moves whatever `from` has pending into `to`, feeding `chunk` bytes at a time and
    /// stepping `to` after each feed. Returns the plaintext `to` read on the way.
    @discardableResult
    static func transfer(from: InMemoryPeer, to: InMemoryPeer, chunk: Int, read: Bool = true) -> (moved: Int, plaintext: [UInt8], result: TLSReadResult?) {
        var wire: [UInt8] = []
        _ = from.takeCiphertext(into: &wire)
        var plaintext: [UInt8] = []
        var last: TLSReadResult?
        var offset = 0
        while offset < wire.count {
            let end = min(offset + max(chunk, 1), wire.count)
            to.feedCiphertext(Array(wire[offset..<end]))
            offset = end
            if !to.isHandshakeComplete {
                if case .failed = to.handshake() { return (wire.count, plaintext, nil) }
            }
            if read, to.isHandshakeComplete {
                last = to.readPlaintext(into: &plaintext)
            }
        }
        return (wire.count, plaintext, last)
    }

    /// Runs both handshakes to the end (bounded) and returns each side's last result.
    static func handshake(client: TLSClientSession, server: TLSServerSession,
                          chunk: Int = .max) -> (client: TLSHandshakeResult, server: TLSHandshakeResult) {
        var c = client.handshake()
        var s = server.handshake()
        for _ in 0..<100 {
            let a = transfer(from: client, to: server, chunk: chunk, read: false).moved
            s = server.handshake()
            let b = transfer(from: server, to: client, chunk: chunk, read: false).moved
            c = client.handshake()
            if case .failed = c, b == 0, a == 0 { break }
            if case .failed = s, b == 0, a == 0 { break }
            if a == 0, b == 0, client.isHandshakeComplete, server.isHandshakeComplete { break }
            if a == 0, b == 0 { break }
        }
        return (c, s)
    }

    /// Sends `bytes` from one side and collects them on the other (bounded).
    static func send(_ bytes: [UInt8], from: InMemoryPeer, to: InMemoryPeer, chunk: Int = .max) throws(TLSError) -> [UInt8] {
        try from.writePlaintext(bytes)
        var received: [UInt8] = []
        for _ in 0..<100 {
            let step = transfer(from: from, to: to, chunk: chunk)
            received += step.plaintext
            var rest: [UInt8] = []
            _ = to.readPlaintext(into: &rest)
            received += rest
            // Replies the receiver produced (TLS 1.3 tickets, KeyUpdate) go back.
            transfer(from: to, to: from, chunk: .max)
            if step.moved == 0 { break }
        }
        return received
    }
}

/// Generated certificates shared by the tests (generated once per process).
enum Fixtures {
    static let secretA = ObjectRef(kind: "Secret", namespace: "default", name: "a-tls")
    static let secretWildcard = ObjectRef(kind: "Secret", namespace: "default", name: "wildcard-tls")
    static let secretDefault = ObjectRef(kind: "Secret", namespace: "default", name: "default-tls")

    static let certificateAuthority = try! SelfSignedCertificate.generate(
        commonName: "Portico Test CA", subjectAlternativeNames: [], isCertificateAuthority: true)
    static let otherAuthority = try! SelfSignedCertificate.generate(
        commonName: "Some Other CA", subjectAlternativeNames: [], isCertificateAuthority: true)

    static let a = issued("a.example.com", ["a.example.com"])
    static let wildcard = issued("*.example.com", ["*.example.com"])
    static let fallback = issued("default.example", ["default.example"])
    static let upstream = issued("upstream.test", ["upstream.test", "127.0.0.1"])

    static func issued(_ cn: String, _ names: [String]) -> SelfSignedCertificate {
        try! SelfSignedCertificate.generate(commonName: cn, subjectAlternativeNames: names,
                                            issuer: certificateAuthority)
    }

    static func tls(_ c: SelfSignedCertificate, _ secret: ObjectRef) -> TLSCertificate {
        TLSCertificate(secret: secret, certificatePEM: c.certificatePEM, privateKeyPEM: c.privateKeyPEM,
                       notAfter: c.notAfter)
    }

    static var table: TLSTable {
        TLSTable(exact: ["a.example.com": tls(a, secretA)],
                 wildcard: [".example.com": tls(wildcard, secretWildcard)],
                 defaultCertificate: tls(fallback, secretDefault))
    }

    /// A client that verifies nothing, offering http/1.1.
    static let plainClient = try! TLSClientContext()

    static func bytes(_ count: Int, seed: UInt64 = 42) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }
}

extension TLSHandshakeResult {
    var isComplete: Bool { self == .complete }
    var failureReason: TLSFailureReason? {
        if case .failed(let e) = self { return e.reason }
        return nil
    }
}
