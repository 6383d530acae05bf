@testable import YAML

/// One reader case: YAML text in, the single document expected out.
struct ReadCase: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let expected: YAMLNode
    init(_ name: String, _ yaml: String, _ expected: YAMLNode) {
        self.name = name
        self.yaml = yaml
        self.expected = expected
    }
    var testDescription: String { name }
}

/// One refusal: YAML text in, the error's line, column and a fragment of its message out.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let line: Int
    let column: Int
    let fragment: String
    init(_ name: String, _ yaml: String, line: Int, column: Int, _ fragment: String) {
        self.name = name
        self.yaml = yaml
        self.line = line
        self.column = column
        self.fragment = fragment
    }
    var testDescription: String { name }
}

/// Reads a stream that holds exactly one document.
func readOne(_ yaml: String) throws -> YAMLNode {
    try YAMLReader.document(from: yaml)
}

/// The error a stream raises, or nil if it reads.
func readError(_ yaml: String) -> YAMLError? {
    do {
        _ = try YAMLReader.documents(from: yaml)
        return nil
    } catch {
        return error
    }
}

import Testing
