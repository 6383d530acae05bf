import Foundation
import Testing
@testable import YAML

/// `YAMLNode` through Foundation's JSON coders: what KubeAPI meets with API server responses.
@Suite struct NodeCodableTests {
    @Test("a node decodes from JSON and encodes back to the same JSON value")
    func jsonRoundTrip() throws {
        let json = #"{"a": [1, 2.5, true, null, "x"], "b": {"c": "d"}}"#
        let node = try JSONDecoder().decode(YAMLNode.self, from: Data(json.utf8))
        #expect(node["a"] == [1, 2.5, true, nil, "x"])
        #expect(node["b"] == ["c": "d"])
        let encoded = try JSONEncoder().encode(node)
        // Foundation's keyed containers do not keep key order, so compare with keys sorted.
        #expect(sorted(try JSONDecoder().decode(YAMLNode.self, from: encoded)) == sorted(node))
    }

    private func sorted(_ node: YAMLNode) -> YAMLNode {
        switch node {
        case .mapping(let pairs): return .mapping(pairs.map { (key: $0.key, value: sorted($0.value)) }.sorted { $0.key < $1.key })
        case .sequence(let items): return .sequence(items.map(sorted))
        default: return node
        }
    }

    @Test("a node's description is JSON that reads back as the same node")
    func descriptionReadsBack() throws {
        let node: YAMLNode = ["s": "quote \" backslash \\ tab \t nl \n bell \u{7}", "n": [1, -2.5, .double(.infinity), nil, false]]
        #expect(try YAMLReader.document(from: node.description) == node)
    }
}
