import Routing
import Testing
@testable import TLS

@Suite struct HandshakeTests {
    @Test("A handshake completes and data flows both ways whatever the chunk size",
          arguments: [1, 5, 100, 1500, Int.max])
    func handshakeAndDataFlowInAnyChunking(chunk: Int) throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        let result = Pump.handshake(client: c, server: s, chunk: chunk)
        #expect(result.client == .complete)
        #expect(result.server == .complete)

        let request = Fixtures.bytes(chunk < 100 ? 3000 : 70_000, seed: 1)
        #expect(try Pump.send(request, from: c, to: s, chunk: chunk) == request)
        let response = Fixtures.bytes(chunk < 100 ? 5000 : 200_000, seed: 2)
        #expect(try Pump.send(response, from: s, to: c, chunk: chunk) == response)
    }

    @Test("The negotiated parameters are reported on both sides")
    func negotiatedParametersAreReported() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        #expect(s.negotiatedVersion == nil)
        _ = Pump.handshake(client: c, server: s)
        #expect(s.negotiatedVersion == .tls1_3)
        #expect(c.negotiatedVersion == .tls1_3)
        #expect(s.cipherSuite == c.cipherSuite)
        #expect(s.cipherSuite?.hasPrefix("TLS_") == true)
        #expect(s.alpnProtocol == "http/1.1")
        #expect(c.alpnProtocol == "http/1.1")
        #expect(s.serverName == "a.example.com")
        #expect(!s.isResumed)
    }

    @Test("Plaintext written before the handshake completes is sent right after it")
    func earlyWritesAreHeldUntilTheHandshakeCompletes() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        try c.writePlaintext(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        _ = Pump.handshake(client: c, server: s)
        var received: [UInt8] = []
        for _ in 0..<5 {
            Pump.transfer(from: c, to: s, chunk: .max)
            _ = s.readPlaintext(into: &received)
        }
        #expect(received == Array("GET / HTTP/1.1\r\n\r\n".utf8))
    }

    @Test("A client without ALPN is served, and a client offering only h2 gets a clean alert")
    func alpnWithoutOverlapIsRefused() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let noALPN = try TLSClientContext(configuration: .init(alpnProtocols: []))
        let s1 = try TLSServerSession(context: server)
        let c1 = try TLSClientSession(context: noALPN, serverName: "a.example.com")
        #expect(Pump.handshake(client: c1, server: s1).server == .complete)
        #expect(s1.alpnProtocol == nil)

        let both = try TLSClientContext(configuration: .init(alpnProtocols: ["h2", "http/1.1"]))
        let s2 = try TLSServerSession(context: server)
        let c2 = try TLSClientSession(context: both, serverName: "a.example.com")
        #expect(Pump.handshake(client: c2, server: s2).server == .complete)
        #expect(s2.alpnProtocol == "http/1.1")

        let http10 = try TLSClientContext(configuration: .init(alpnProtocols: ["http/1.0"]))
        let s4 = try TLSServerSession(context: server)
        let c4 = try TLSClientSession(context: http10, serverName: "a.example.com")
        #expect(Pump.handshake(client: c4, server: s4).server == .complete)
        #expect(s4.alpnProtocol == "http/1.0")

        let h2Only = try TLSClientContext(configuration: .init(alpnProtocols: ["h2"]))
        let s3 = try TLSServerSession(context: server)
        let c3 = try TLSClientSession(context: h2Only, serverName: "a.example.com")
        let result = Pump.handshake(client: c3, server: s3)
        #expect(result.server.failureReason == .other)
        guard case .failed(let clientError) = result.client else {
            Issue.record("client handshake should fail, got \(result.client)")
            return
        }
        #expect(clientError.message.contains("no application protocol"))
    }

    @Test("close() sends close_notify and the peer reads closed")
    func closeSendsCloseNotify() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        _ = Pump.handshake(client: c, server: s)
        _ = try Pump.send(Array("bye".utf8), from: s, to: c)
        s.close()
        #expect(s.hasPendingCiphertext)
        Pump.transfer(from: s, to: c, chunk: .max)
        var rest: [UInt8] = []
        #expect(c.readPlaintext(into: &rest) == .closed)
        #expect(c.peerClosed)
        #expect(throws: TLSError.self) { try s.writePlaintext(Array("more".utf8)) }
    }

    @Test("Garbage from the client fails the handshake without crashing")
    func garbageFailsTheHandshake() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        s.feedCiphertext(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .failed(let error) = s.handshake() else {
            Issue.record("plain HTTP must not pass as TLS")
            return
        }
        #expect(error.reason == .other)
        var rest: [UInt8] = []
        #expect(s.readPlaintext(into: &rest) == .failed(error))
    }

    @Test("A handshake timeout is counted and ends the session")
    func handshakeTimeoutIsCounted() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        #expect(s.handshake() == .needsMoreInput)
        s.handshakeTimedOut()
        #expect(s.handshake().failureReason == .timeout)
        #expect(server.metrics.snapshot().failures[.timeout] == 1)
    }
}

@Suite struct BufferTrimTests {
    @Test("A large transfer does not pin large BIO buffers on an idle connection")
    func largeBuffersAreReleasedWhenDrained() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        _ = Pump.handshake(client: c, server: s)
        let big = Fixtures.bytes(1 << 20, seed: 9)
        #expect(try Pump.send(big, from: s, to: c) == big)
        #expect(try Pump.send(big, from: c, to: s) == big)
        for capacity in [s.connection.bufferCapacities, c.connection.bufferCapacities] {
            #expect(capacity.input <= TLSConnection.retainedBIOCapacity)
            #expect(capacity.output <= TLSConnection.retainedBIOCapacity)
        }
        // Still fully usable after the swap.
        #expect(try Pump.send(Array("after".utf8), from: s, to: c) == Array("after".utf8))
        #expect(try Pump.send(Array("after".utf8), from: c, to: s) == Array("after".utf8))
    }
}

@Suite struct ReceiveStepTests {
    @Test("receive() reports the handshake, the plaintext and close_notify in one call per chunk",
          arguments: [1, 40, Int.max])
    func receiveStep(chunk: Int) throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        try c.writePlaintext(Array("hello".utf8))
        var inbox: [UInt8] = []
        var completions = 0
        var closed = false
        for _ in 0..<50 {
            _ = c.handshake()
            var wire: [UInt8] = []
            c.takeCiphertext(into: &wire)
            var offset = 0
            var toClient: [UInt8] = []
            while offset < wire.count {
                let end = min(offset + chunk, wire.count)
                let event = wire[offset..<end].withUnsafeBytes {
                    s.receive(ciphertext: $0, plaintext: &inbox, output: &toClient)
                }
                #expect(event.failure == nil)
                if event.handshakeCompleted { completions += 1 }
                if event.peerClosed { closed = true }
                offset = end
            }
            c.feedCiphertext(toClient)
            if closed { break }
            if c.isHandshakeComplete, s.isHandshakeComplete, inbox.count == 5, !c.hasPendingCiphertext { c.close() }
        }
        #expect(completions == 1)
        #expect(inbox == Array("hello".utf8))
        #expect(closed)
        #expect(s.peerClosed)
    }
}

@Suite struct KeyUpdateTests {
    @Test("After a TLS 1.3 KeyUpdate from the client, data keeps flowing both ways")
    func keyUpdateIsAnswered() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: Fixtures.plainClient, serverName: "a.example.com")
        _ = Pump.handshake(client: c, server: s)
        _ = try Pump.send(Array("warm".utf8), from: c, to: s)
        _ = try Pump.send(Array("up".utf8), from: s, to: c)
        #expect(!s.hasPendingCiphertext)

        #expect(c.connection.requestKeyUpdate())
        let payload = Fixtures.bytes(50_000, seed: 7)
        try c.writePlaintext(payload)
        var wire: [UInt8] = []
        c.takeCiphertext(into: &wire)
        s.feedCiphertext(wire)
        var received: [UInt8] = []
        _ = s.readPlaintext(into: &received)
        #expect(received == payload)
        // OpenSSL sends the server's answering KeyUpdate with its next write.
        #expect(try Pump.send(payload, from: s, to: c) == payload)
        #expect(try Pump.send(payload, from: c, to: s) == payload)
    }
}
