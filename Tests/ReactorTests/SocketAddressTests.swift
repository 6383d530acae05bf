import Testing
@testable import Reactor

@Test("Addresses parse from host:port and [v6]:port and print back the same",
      arguments: ["127.0.0.1:8080", "0.0.0.0:0", "[::1]:443", "[fe80::1]:65535", "10.1.2.3:1"])
func addressRoundTrips(text: String) throws {
    let a = try SocketAddress(parsing: text)
    #expect(a.description == text)
}

@Test("Malformed addresses are refused with a reason",
      arguments: ["127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "::1:80", "[::1:80", "example.com:80", "1.2.3.4:x"])
func malformedAddressesAreRefused(text: String) {
    #expect(throws: SocketAddress.ParseError.self) { try SocketAddress(parsing: text) }
}

@Test func anEmptyHostMeansAllIPv4Interfaces() throws {
    #expect(try SocketAddress(parsing: ":8080").description == "0.0.0.0:8080")
}
