import Testing
@testable import YAML

// Shapes like the KubeAPI models, to exercise nesting, optionals and int-or-string.
struct Ingress: Decodable, Equatable {
    struct Metadata: Decodable, Equatable {
        var name: String
        var namespace: String?
        var annotations: [String: String]?
    }
    struct Spec: Decodable, Equatable {
        var ingressClassName: String?
        var rules: [Rule]
    }
    struct Rule: Decodable, Equatable {
        var host: String?
        var http: HTTP
    }
    struct HTTP: Decodable, Equatable { var paths: [Path] }
    struct Path: Decodable, Equatable {
        var path: String
        var pathType: PathType
        var backend: Backend
    }
    enum PathType: String, Decodable { case exact = "Exact", prefix = "Prefix", implementationSpecific = "ImplementationSpecific" }
    struct Backend: Decodable, Equatable { var service: Service }
    struct Service: Decodable, Equatable {
        var name: String
        var port: Port
    }
    struct Port: Decodable, Equatable {
        var number: Int32?
        var name: String?
    }
    var apiVersion: String
    var kind: String
    var metadata: Metadata
    var spec: Spec
}

/// Kubernetes' IntOrString, decoded the way KubeAPI does: Int first, then String.
enum IntOrString: Decodable, Equatable {
    case int(Int)
    case string(String)
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

struct Probe: Decodable, Equatable {
    var port: IntOrString
    var scheme: String?
    var timeoutSeconds: Int?
    var ratio: Double?
    var enabled: Bool?
    var tags: [String]?
}

@Suite struct DecoderTests {
    static let ingressYAML = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            portico.io/timeout: "5s"
          unknownField: ignored
        spec:
          rules:
          - host: a.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service: {name: web, port: {number: 80}}
              - path: /api
                pathType: Exact
                backend:
                  service: {name: api, port: {name: http}}
        """

    @Test("a nested Codable struct decodes from a manifest, ignoring unknown keys")
    func decodesIngress() throws {
        let ingress = try YAMLDecoder().decode(Ingress.self, from: Self.ingressYAML)
        #expect(ingress.metadata == .init(name: "web", namespace: nil, annotations: ["portico.io/timeout": "5s"]))
        #expect(ingress.spec.rules.count == 1)
        #expect(ingress.spec.rules[0].http.paths[1].pathType == .exact)
        #expect(ingress.spec.rules[0].http.paths[0].backend.service.port == .init(number: 80, name: nil))
        #expect(ingress.spec.rules[0].http.paths[1].backend.service.port == .init(number: nil, name: "http"))
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let replace: String
        let with: String
        let path: String
        let kind: YAMLDecodingError.Kind
        let fragment: String
        let location: YAMLLocation
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "an unknown enum value names its path", replace: "pathType: Exact", with: "pathType: Regex",
                  path: "spec.rules[0].http.paths[1].pathType", kind: .invalidValue, fragment: "Regex", location: YAMLLocation(line: 18, column: 9)),
        ErrorCase(name: "a number where a string is required", replace: "name: api", with: "name: 80",
                  path: "spec.rules[0].http.paths[1].backend.service.name", kind: .typeMismatch,
                  fragment: "expected a string (quote the value to make it one), found the integer 80", location: YAMLLocation(line: 20, column: 21)),
        ErrorCase(name: "a string where an integer is required", replace: "number: 80", with: "number: \"80\"",
                  path: "spec.rules[0].http.paths[0].backend.service.port.number", kind: .typeMismatch,
                  fragment: "expected an integer, found the string \"80\"", location: YAMLLocation(line: 16, column: 39)),
        ErrorCase(name: "an integer out of range", replace: "number: 80", with: "number: 4294967296",
                  path: "spec.rules[0].http.paths[0].backend.service.port.number", kind: .invalidValue,
                  fragment: "out of range for Int32", location: YAMLLocation(line: 16, column: 39)),
        ErrorCase(name: "a missing required field", replace: "  - path: /api\n", with: "  - \n",
                  path: "spec.rules[0].http.paths[1].path", kind: .missingField, fragment: "missing required field 'path'", location: YAMLLocation(line: 17, column: 7)),
        ErrorCase(name: "a null required value", replace: "name: web\n  annotations", with: "name:\n  annotations",
                  path: "metadata.name", kind: .nullValue, fragment: "expected a string, found null", location: YAMLLocation(line: 4, column: 3)),
        ErrorCase(name: "a sequence where a mapping is required", replace: "service: {name: web, port: {number: 80}}",
                  with: "service: [{name: web, port: {number: 80}}]", path: "spec.rules[0].http.paths[0].backend.service",
                  kind: .typeMismatch, fragment: "expected a mapping, found a sequence", location: YAMLLocation(line: 16, column: 11)),
        ErrorCase(name: "a mapping where a sequence is required", replace: "  paths:\n", with: "  paths: {}\n  x:\n",
                  path: "spec.rules[0].http.paths", kind: .typeMismatch, fragment: "expected a sequence, found a mapping", location: YAMLLocation(line: 12, column: 7)),
        ErrorCase(name: "an annotation key is quoted in the path", replace: "portico.io/timeout: \"5s\"", with: "portico.io/timeout: 5",
                  path: "metadata.annotations[\"portico.io/timeout\"]", kind: .typeMismatch, fragment: "found the integer 5", location: YAMLLocation(line: 6, column: 5)),
    ]

    @Test("decoding errors name the field path, what was expected and what was found", arguments: errorCases)
    func decodingErrors(_ c: ErrorCase) throws {
        let yaml = Self.ingressYAML.replacingFirst(c.replace, with: c.with)
        #expect(yaml != Self.ingressYAML, "the replacement must apply")
        do {
            _ = try YAMLDecoder().decode(Ingress.self, from: yaml)
            Issue.record("expected a decoding error")
        } catch let error as YAMLDecodingError {
            #expect(error.path == c.path, "\(error)")
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.message.contains(c.fragment), "\(error)")
            #expect(error.location == c.location, "\(error)")
            #expect(error.description == "\(c.location): \(c.path): \(error.message)")
        }
    }

    @Test("a source map locates values by path, in either bracket spelling, falling back to the nearest ancestor")
    func sourceMap() throws {
        let documents = try YAMLReader.documentsWithSourceMaps(from: "---\n" + Self.ingressYAML + "\n---\n[a, {b: [1, 2]}]\n")
        #expect(documents.count == 2)
        let map = documents[0].sourceMap
        #expect(map.location(of: "") == YAMLLocation(line: 1, column: 1))
        #expect(map.location(of: "metadata.name") == YAMLLocation(line: 5, column: 3))
        #expect(map.location(of: "metadata.annotations[\"portico.io/timeout\"]") == YAMLLocation(line: 7, column: 5))
        #expect(map.location(of: "metadata.annotations[portico.io/timeout]") == YAMLLocation(line: 7, column: 5))
        #expect(map.location(of: "spec.rules[0].http.paths[1]") == YAMLLocation(line: 18, column: 7))
        #expect(map.location(of: "spec.rules[0].http.paths[1].backend.service.port.name") == YAMLLocation(line: 21, column: 39))
        #expect(map.location(of: "spec.rules[0].http.paths[1].nothere") == YAMLLocation(line: 18, column: 7))
        #expect(map.location(of: "nothere.at.all") == YAMLLocation(line: 1, column: 1))
        let flow = documents[1].sourceMap
        #expect(flow.location(of: "[1].b[1]") == YAMLLocation(line: 23, column: 13))
        #expect(documents[1].node == ["a", ["b": [1, 2]]])
    }

    @Test("int-or-string fields take an integer or a string", arguments: [
        ("port: 8080", IntOrString.int(8080)), ("port: http", .string("http")), ("port: \"8080\"", .string("8080")),
    ])
    func intOrString(_ yaml: String, _ expected: IntOrString) throws {
        #expect(try YAMLDecoder().decode(Probe.self, from: yaml).port == expected)
    }

    @Test("int-or-string refuses a boolean with the path")
    func intOrStringRefusesBool() throws {
        #expect(throws: YAMLDecodingError(kind: .typeMismatch, path: "port", message: "expected a string (quote the value to make it one), found the boolean true")) {
            try YAMLDecoder().decode(Probe.self, from: YAMLReader.document(from: "port: true"))
        }
    }

    @Test("optional fields are nil when missing or null, and numbers widen to Double")
    func optionals() throws {
        let probe = try YAMLDecoder().decode(Probe.self, from: "port: 1\nscheme: ~\ntimeoutSeconds: null\nratio: 2\nenabled: false\ntags: [a, b]")
        #expect(probe == Probe(port: .int(1), scheme: nil, timeoutSeconds: nil, ratio: 2.0, enabled: false, tags: ["a", "b"]))
    }

    @Test("booleans are not read from YAML 1.1 spellings")
    func strictBooleans() throws {
        #expect(throws: YAMLDecodingError.self) { try YAMLDecoder().decode(Probe.self, from: "port: 1\nenabled: yes") }
    }

    @Test("a sequence element's error names its index")
    func sequenceIndex() throws {
        do {
            _ = try YAMLDecoder().decode([Int].self, from: "[1, 2, x]")
            Issue.record("expected an error")
        } catch let error as YAMLDecodingError {
            #expect(error.path == "[2]")
            #expect(error.message == "expected an integer, found the string \"x\"")
        }
    }

    @Test("sequences of optionals decode nulls")
    func optionalElements() throws {
        #expect(try YAMLDecoder().decode([Int?].self, from: "[1, null, 3]") == [1, nil, 3])
    }

    @Test("a large string map decodes")
    func largeMap() throws {
        let yaml = (0..<500).map { "key\($0): value\($0)" }.joined(separator: "\n")
        let map = try YAMLDecoder().decode([String: String].self, from: yaml)
        #expect(map.count == 500)
        #expect(map["key499"] == "value499")
    }

    @Test("YAMLNode decodes as itself, so raw fields can be kept")
    func rawNode() throws {
        struct Wrapper: Decodable { var kind: String; var spec: YAMLNode }
        let wrapper = try YAMLDecoder().decode(Wrapper.self, from: "kind: X\nspec: {a: [1, b]}")
        #expect(wrapper.spec == ["a": [1, "b"]])
    }

    @Test("decodeDocuments decodes each document and names the document in errors")
    func documents() throws {
        struct Kind: Decodable, Equatable { var kind: String }
        #expect(try YAMLDecoder().decodeDocuments(Kind.self, from: "kind: A\n---\nkind: B\n") == [Kind(kind: "A"), Kind(kind: "B")])
        #expect(throws: YAMLDecodingError(kind: .typeMismatch, path: "document 2 kind", message: "expected a string (quote the value to make it one), found the integer 1",
                                          location: YAMLLocation(line: 3, column: 1))) {
            try YAMLDecoder().decodeDocuments(Kind.self, from: "kind: A\n---\nkind: 1\n")
        }
    }

    @Test("text that is not YAML throws the reader's error")
    func syntaxErrorsPassThrough() {
        #expect(throws: YAMLError.self) { try YAMLDecoder().decode([String: String].self, from: "a: [") }
    }

    @Test("superDecoder and nested containers work in hand-written decoders")
    func handWritten() throws {
        struct Base: Decodable { var id: Int }
        struct Child: Decodable {
            var base: Base
            var first: String
            var inner: Int
            enum Keys: String, CodingKey { case base, list, nested }
            enum Inner: String, CodingKey { case value }
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Keys.self)
                base = try Base(from: c.superDecoder(forKey: .base))
                var list = try c.nestedUnkeyedContainer(forKey: .list)
                #expect(try list.decodeNil() == false)
                first = try list.decode(String.self)
                #expect(try list.decodeNil() == true)
                #expect(list.isAtEnd)
                let nested = try c.nestedContainer(keyedBy: Inner.self, forKey: .nested)
                inner = try nested.decode(Int.self, forKey: .value)
            }
        }
        let child = try YAMLDecoder().decode(Child.self, from: "base: {id: 7}\nlist: [x, ~]\nnested: {value: 3}")
        #expect(child.base.id == 7 && child.first == "x" && child.inner == 3)
    }

    @Test("userInfo reaches the decoder")
    func userInfo() throws {
        struct Reads: Decodable {
            var flag: Bool
            init(from decoder: any Decoder) throws {
                flag = decoder.userInfo[CodingUserInfoKey(rawValue: "flag")!] as? Bool ?? false
            }
        }
        let decoder = YAMLDecoder(userInfo: [CodingUserInfoKey(rawValue: "flag")!: true])
        #expect(try decoder.decode(Reads.self, from: YAMLNode.null).flag)
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (no Foundation in this target).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
