import Foundation
import KubeAPI
import Testing

private func decode(_ s: String) throws -> WatchEvent<Service> {
    try JSONDecoder().decode(WatchEvent<Service>.self, from: Data(s.utf8))
}

@Test func watchEventsCarryTheirObject() throws {
    let e = try decode(#"{"type":"MODIFIED","object":{"kind":"Service","apiVersion":"v1","metadata":{"name":"a","namespace":"x","resourceVersion":"42"},"spec":{"type":"ExternalName","externalName":"db.example.org"}}}"#)
    guard case .modified(let s) = e else { Issue.record("\(e)"); return }
    #expect(s.metadata.resourceVersion == "42")
    #expect(s.spec.isExternalName && s.spec.externalName == "db.example.org")
    #expect(e.object?.key == "x/a")
}

@Test func anErrorEventCarriesAStatusAndA410MeansRelist() throws {
    let e = try decode(#"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}"#)
    guard case .error(let status) = e else { Issue.record("\(e)"); return }
    #expect(status.isGone)
    #expect(status.code == 410)
    #expect(e.object == nil)
}

@Test func aBookmarkCarriesOnlyTheResourceVersion() throws {
    let e = try decode(#"{"type":"BOOKMARK","object":{"kind":"Service","apiVersion":"v1","metadata":{"resourceVersion":"12345"}}}"#)
    guard case .bookmark(let rv) = e else { Issue.record("\(e)"); return }
    #expect(rv == "12345")
}

@Test func anUnknownEventTypeIsADecodingError() {
    #expect(throws: DecodingError.self) { try decode(#"{"type":"SOMETHING","object":{}}"#) }
}

@Test("IntOrString round-trips numbers and names", arguments: ["8080", "\"http\""])
func intOrString(json: String) throws {
    let v = try JSONDecoder().decode(IntOrString.self, from: Data(json.utf8))
    let back = try JSONEncoder().encode(v)
    #expect(String(decoding: back, as: UTF8.self) == json)
}
