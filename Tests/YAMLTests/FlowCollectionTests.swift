import Testing
@testable import YAML

@Suite struct FlowCollectionTests {
    static let cases: [ReadCase] = [
        ReadCase("an empty flow sequence and mapping", "a: []\nb: {}\n", ["a": [], "b": [:]]),
        ReadCase("nested flow collections", "{a: 1, b: [x, {c: y}]}", ["a": 1, "b": ["x", ["c": "y"]]]),
        ReadCase("a multi-line flow collection", "a: [\n  x,\n  y, # comment\n  z\n]\n", ["a": ["x", "y", "z"]]),
        ReadCase("a trailing comma is allowed", "[a, b, ]", ["a", "b"]),
        ReadCase("a flow key without a value is null", "{a, b: 1}", ["a": nil, "b": 1]),
        ReadCase("a single-pair mapping inside a sequence", "[a: 1, b]", [["a": 1], "b"]),
        ReadCase("plain flow scalars may hold ':' not followed by a space", "{url: http://x:8080/}", ["url": "http://x:8080/"]),
        ReadCase("'a:1' in flow is one plain key", "{a:1}", ["a:1": nil]),
        ReadCase("a multi-line plain scalar in flow", "[one\n  two, three]", ["one two", "three"]),
        ReadCase("quoted keys may touch the colon", "{\"a\":1,'b':2}", ["a": 1, "b": 2]),
        ReadCase("an empty value before a closing brace", "{a: }", ["a": nil]),
        ReadCase("plain flow scalars may hold spaces", "[a b, c d]", ["a b", "c d"]),
        ReadCase("block indicators inside a flow plain scalar", "[a-b, c?d, e|f]", ["a-b", "c?d", "e|f"]),
    ]

    @Test("flow collections read as expected", arguments: cases)
    func reads(_ c: ReadCase) throws {
        #expect(try readOne(c.yaml) == c.expected)
    }

    static let json: [ReadCase] = [
        ReadCase("a JSON object on one line", #"{"a": 1, "b": [true, false, null], "c": "x", "d": 1.5e3, "e": -0}"#,
                 ["a": 1, "b": [true, false, nil], "c": "x", "d": 1500.0, "e": 0]),
        ReadCase("a JSON document spanning lines", """
            {
              "apiVersion": "v1",
              "kind": "Service",
              "metadata": {"name": "web", "labels": {"app": "web"}},
              "spec": {
                "ports": [
                  {"port": 80, "targetPort": 8080}
                ]
              }
            }
            """,
                 ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "labels": ["app": "web"]],
                  "spec": ["ports": [["port": 80, "targetPort": 8080]]]]),
        ReadCase("JSON indented with tabs", "{\n\t\"a\": [\n\t\t1\n\t]\n}", ["a": [1]]),
        ReadCase("JSON escapes", #"["\u00e9\n\/\"", "\\"]"#, ["é\n/\"", "\\"]),
        ReadCase("a JSON array at the top", "[1, 2]\n", [1, 2]),
    ]

    @Test("JSON reads as the YAML subset it is", arguments: json)
    func readsJSON(_ c: ReadCase) throws {
        #expect(try readOne(c.yaml) == c.expected)
    }
}
