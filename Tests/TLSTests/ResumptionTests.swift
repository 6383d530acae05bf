import Routing
import Testing
@testable import TLS

@Suite struct ResumptionTests {
    /// One full exchange; returns the client's ticket and whether the handshake resumed.
    static func exchange(server: TLSServerContext, client: TLSClientContext,
                         ticket: TLSResumptionTicket?) throws -> (ticket: TLSResumptionTicket?, resumed: Bool) {
        let s = try TLSServerSession(context: server)
        let c = try TLSClientSession(context: client, serverName: "a.example.com", resuming: ticket)
        let result = Pump.handshake(client: c, server: s)
        #expect(result.server == .complete)
        #expect(c.isResumed == s.isResumed)
        _ = try Pump.send(Array("ping".utf8), from: c, to: s)
        #expect(try Pump.send(Array("pong".utf8), from: s, to: c) == Array("pong".utf8))
        return (c.resumptionTicket(), s.isResumed)
    }

    @Test("A second handshake with the ticket from the first is resumed",
          arguments: [TLSVersion.tls1_2, .tls1_3])
    func ticketResumes(version: TLSVersion) throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let client = try TLSClientContext(configuration: .init(maximumVersion: version))
        let first = try Self.exchange(server: server, client: client, ticket: nil)
        #expect(!first.resumed)
        let ticket = try #require(first.ticket)
        let second = try Self.exchange(server: server, client: client, ticket: ticket)
        #expect(second.resumed)
        #expect(server.metrics.snapshot().resumedHandshakes == 1)
        #expect(server.metrics.snapshot().handshakes == 2)
    }

    /// wrk and other OpenSSL clients offer the ticket of their last connection: without a
    /// fresh one from each resumption they fell back to a full handshake every other time.
    @Test("A resumed handshake issues a fresh ticket, so a chain of resumptions keeps resuming",
          arguments: [TLSVersion.tls1_2, .tls1_3])
    func resumptionReissuesTicket(version: TLSVersion) throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let client = try TLSClientContext(configuration: .init(maximumVersion: version))
        var ticket = try #require(try Self.exchange(server: server, client: client, ticket: nil).ticket)
        for _ in 0..<3 {
            let next = try Self.exchange(server: server, client: client, ticket: ticket)
            #expect(next.resumed)
            let fresh = try #require(next.ticket)
            #expect(!fresh.ticketBytes.isEmpty)
            #expect(fresh.ticketBytes != ticket.ticketBytes)
            ticket = fresh
        }
        #expect(server.metrics.snapshot().resumedHandshakes == 3)
    }

    @Test("Tickets survive one key rotation and a certificate update, but not two rotations")
    func ticketsSurviveOneRotation() throws {
        let server = try TLSServerContext(table: Fixtures.table)
        let client = Fixtures.plainClient
        let ticket = try #require(try Self.exchange(server: server, client: client, ticket: nil).ticket)

        server.update(table: RotationTests.table(RotationTests.v2))
        server.rotateTicketKeys()
        #expect(try Self.exchange(server: server, client: client, ticket: ticket).resumed)

        server.rotateTicketKeys()
        #expect(try !Self.exchange(server: server, client: client, ticket: ticket).resumed)
    }

    @Test("With tickets off nothing resumes")
    func ticketsOff() throws {
        let server = try TLSServerContext(table: Fixtures.table, configuration: .init(sessionTickets: false))
        let first = try Self.exchange(server: server, client: Fixtures.plainClient, ticket: nil)
        if let ticket = first.ticket {
            #expect(try !Self.exchange(server: server, client: Fixtures.plainClient, ticket: ticket).resumed)
        }
    }
}
