import Testing
@testable import YAML

@Suite struct ErrorTests {
    static let cases: [ErrorCase] = [
        // Indentation and structure
        ErrorCase("a tab indenting a block", "a:\n\tb: 1\n", line: 2, column: 1, "a tab character cannot indent a block"),
        ErrorCase("a tab after spaces indenting a block", "a:\n  \tb: 1\n", line: 2, column: 3, "a tab character cannot indent a block"),
        ErrorCase("a tab before a compact mapping", "-\tname: x\n", line: 1, column: 3, "tab"),
        ErrorCase("a key indented deeper than its siblings", "a: 1\n  b: 2\n", line: 2, column: 3, "it is indented too deeply"),
        ErrorCase("a key indented one space too deep in a Kubernetes rule", "rules:\n- host: x\n   http:\n    paths: []\n", line: 3, column: 4, "it is indented too deeply"),
        ErrorCase("a key missing the space after its colon", "a: 1\nb:2\n", line: 2, column: 4, "must be followed by a space"),
        ErrorCase("an unrendered Helm template value", "name: {{ .Values.name }}\n", line: 1, column: 7, "render the chart first"),
        ErrorCase("an unrendered Helm template line", "{{- if .Values.x }}\na: 1\n", line: 1, column: 1, "template expression"),
        ErrorCase("a Helm template inside a flow sequence", "a: [{{ .x }}]\n", line: 1, column: 5, "template expression"),
        ErrorCase("a line indented more than its sibling keys", "a: \"x\"\n  b: 2\n", line: 2, column: 3, "indented more than the mapping keys"),
        ErrorCase("a line indented more than sequence entries", "- \"a\"\n  - b\n", line: 2, column: 3, "indented more than the '- ' entries"),
        ErrorCase("a sequence entry among mapping keys", "a: 1\n- b\n", line: 2, column: 1, "expected a mapping key here, found a sequence entry"),
        ErrorCase("a sequence entry inside a mapping", "a:\n  b: 1\n  - c\n", line: 3, column: 3, "found a sequence entry"),
        ErrorCase("a mapping key missing its colon", "a: 1\nb\n", line: 2, column: 2, "expected ':' after the mapping key 'b'"),
        ErrorCase("a mapping value on the same line as a key", "a: b: c\n", line: 1, column: 5, "a mapping value cannot start here"),
        ErrorCase("a block sequence on the same line as its key", "a: - b\n", line: 1, column: 4, "block sequence cannot start on the same line"),
        ErrorCase("a duplicate key", "a: 1\nb: 2\na: 3\n", line: 3, column: 1, "duplicate key 'a' (first defined on line 1)"),
        ErrorCase("a duplicate key in a large mapping", (0..<20).map { "k\($0): v\n" }.joined() + "k3: again\n", line: 21, column: 1, "duplicate key 'k3'"),
        ErrorCase("a duplicate key in a flow mapping", "{a: 1, a: 2}", line: 1, column: 8, "duplicate key 'a'"),
        ErrorCase("a missing key", "a: 1\n: 2\n", line: 2, column: 1, "a mapping key is missing"),
        ErrorCase("a multi-line implicit key", "\"a\n b\": 1\n", line: 1, column: 1, "must fit on one line"),
        ErrorCase("text after a quoted value", "a: \"b\" c\n", line: 1, column: 8, "unexpected text after the value"),
        ErrorCase("a comment without whitespace after a quoted value", "a: \"b\"#c\n", line: 1, column: 7, "whitespace before '#'"),
        ErrorCase("a plain scalar continued into a key", "a\nb: c\n", line: 2, column: 1, "reads as the continuation of the value above it"),
        ErrorCase("a block mapping on the --- line", "--- a: b\n", line: 1, column: 5, "cannot start on the '---' line"),
        // Unsupported features
        ErrorCase("an anchor", "a: &x 1\n", line: 1, column: 4, "anchors ('&name') are not supported"),
        ErrorCase("an alias", "a: *x\n", line: 1, column: 4, "aliases ('*name') are not supported"),
        ErrorCase("a tag", "a: !!str 1\n", line: 1, column: 4, "tags ('!tag' or '!!type') are not supported"),
        ErrorCase("a local tag on a sequence entry", "- !foo bar\n", line: 1, column: 3, "tags"),
        ErrorCase("an anchor in a flow collection", "[&a 1]", line: 1, column: 2, "anchors"),
        ErrorCase("a complex key", "? a\n: b\n", line: 1, column: 1, "complex mapping keys"),
        ErrorCase("a flow collection used as a key", "[a, b]: c\n", line: 1, column: 1, "complex mapping keys"),
        ErrorCase("a complex key in a flow mapping", "{? a: b}", line: 1, column: 2, "complex mapping keys"),
        ErrorCase("a merge key", "a:\n  <<: {b: 1}\n", line: 2, column: 3, "merge keys ('<<') are not supported"),
        ErrorCase("a merge key in a flow mapping", "{<<: {b: 1}}", line: 1, column: 2, "merge keys"),
        ErrorCase("a %TAG directive", "%TAG ! tag:x,2000:\n---\na: 1\n", line: 1, column: 1, "%TAG directive is not supported"),
        ErrorCase("an unsupported YAML version", "%YAML 2.0\n---\na\n", line: 1, column: 7, "unsupported YAML version '2.0'"),
        ErrorCase("a directive with no document", "%YAML 1.2\na: 1\n", line: 2, column: 1, "followed by a document starting with ---"),
        ErrorCase("a directive inside a stream without an end marker", "a: 1\n%YAML 1.2\n---\nb\n", line: 2, column: 1, "must come before a document"),
        ErrorCase("a reserved indicator starting a value", "a: @x\n", line: 1, column: 4, "'@' cannot start a plain value"),
        ErrorCase("a backquote starting a value", "a: `x`\n", line: 1, column: 4, "'`' cannot start a plain value"),
        // Scalars
        ErrorCase("an unclosed double quote", "a: \"abc\nb: 1\n", line: 1, column: 4, "double-quoted string is not closed"),
        ErrorCase("an unclosed single quote", "a: 'abc", line: 1, column: 4, "single-quoted string is not closed"),
        ErrorCase("a quote cut by a document marker", "a: \"abc\n---\n\"", line: 1, column: 4, "document ends inside a quoted string"),
        ErrorCase("an unknown escape", #"a: "x\qy""#, line: 1, column: 6, #"unknown escape sequence '\q'"#),
        ErrorCase("a short hex escape", #"a: "\x4""#, line: 1, column: 5, "needs exactly 2 hex digits"),
        ErrorCase("an escape past Unicode", #"a: "\UFFFFFFFF""#, line: 1, column: 5, "does not name a Unicode character"),
        ErrorCase("a lone surrogate escape", #"a: "\ud800x""#, line: 1, column: 5, "lone UTF-16 surrogate"),
        ErrorCase("an integer too large for 64 bits", "a: 9223372036854775808\n", line: 1, column: 4, "does not fit in 64 bits"),
        ErrorCase("a hex integer too large for 64 bits", "a: 0x8000000000000000\n", line: 1, column: 4, "does not fit in 64 bits"),
        ErrorCase("a top-level block scalar with column-0 content (libyaml ends the scalar there)", "--- |\nx\n", line: 2, column: 1, "unexpected content after the end of the document"),
        ErrorCase("an integer with a leading zero, octal in YAML 1.1 but decimal in 1.2", "defaultMode: 0644\n", line: 1, column: 14, "write 0o644 for octal"),
        ErrorCase("a negative integer with a leading zero", "a: [-08]\n", line: 1, column: 5, "leading zero"),
        ErrorCase("an unquoted wildcard host reads as an alias", "host: *.example.com\n", line: 1, column: 7, "quote it if '*' is part of the text"),
        ErrorCase("a zero indentation indicator", "a: |0\n  x\n", line: 1, column: 5, "indentation indicator must be 1 to 9"),
        ErrorCase("a bad block scalar header", "a: |x\n  y\n", line: 1, column: 5, "invalid block scalar header"),
        ErrorCase("a block scalar with an over-indented leading empty line", "a: |\n     \n  x\n", line: 2, column: 1, "leading empty line"),
        ErrorCase("a byte order mark before a key inside a line", "a: 1\nb: {\u{FEFF}c: 2}\n", line: 2, column: 5, "byte order mark"),
        ErrorCase("a control character", "a: b\u{1}c\n", line: 1, column: 5, "control character U+0001"),
        ErrorCase("a column counted in characters", "é: \"é\\q\"\n", line: 1, column: 6, "unknown escape"),
        // Flow collections
        ErrorCase("an unclosed flow sequence", "a: [b, c\n", line: 1, column: 4, "flow sequence is not closed"),
        ErrorCase("an unclosed flow mapping", "a: {b: c\n", line: 1, column: 4, "flow mapping is not closed"),
        ErrorCase("a flow collection cut by a document marker", "[a,\n---\n]", line: 2, column: 1, "document ends inside a flow collection"),
        ErrorCase("a missing comma", "[\"a\" b]", line: 1, column: 6, "expected ',' or ']'"),
        ErrorCase("an empty flow entry", "[a, , b]", line: 1, column: 5, "expected a value before ','"),
        ErrorCase("a block entry inside a flow collection", "[- a]", line: 1, column: 2, "block sequence entry '- ' cannot appear inside a flow collection"),
        ErrorCase("a '?' starting a flow value, which YAML 1.2 and libyaml read differently", "[a, ?b]", line: 1, column: 5, "cannot start with '?'"),
        ErrorCase("a block scalar inside a flow collection", "[|]", line: 1, column: 2, "block scalars"),
        ErrorCase("a stray closing bracket", "a: ]\n", line: 1, column: 4, "']' cannot start a plain value"),
        ErrorCase("text after a flow collection", "a: [b] c\n", line: 1, column: 8, "unexpected text after the value"),
        ErrorCase("a missing comma in a flow mapping", "{a: \"1\" b}", line: 1, column: 9, "expected ',' or '}'"),
        // Documents
        ErrorCase("a less-indented entry after an indented top-level sequence", "  - a\n- b\n", line: 2, column: 1, "unexpected content after the end of the document"),
        ErrorCase("a less-indented key after an indented top-level mapping", "  a: 1\nb: 2\n", line: 2, column: 1, "unexpected content after the end of the document"),
        ErrorCase("content after a top-level flow collection", "[a]\nb\n", line: 2, column: 1, "unexpected content after the end of the document"),
        ErrorCase("content after a top-level quoted scalar", "\"a\"\n  b\n", line: 2, column: 3, "unexpected content after the end of the document"),
    ]

    @Test("malformed and unsupported YAML is refused with its line and column", arguments: cases)
    func refuses(_ c: ErrorCase) throws {
        let error = try #require(readError(c.yaml), "expected an error")
        #expect(error.line == c.line && error.column == c.column, "\(error)")
        #expect(error.message.contains(c.fragment), "\(error)")
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func deepNesting() throws {
        let flow = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(readError(flow))
        #expect(error.message.contains("nested more than 256 levels"))
        var block = ""
        for level in 0..<300 { block += String(repeating: " ", count: level) + "k:\n" }
        #expect(readError(block)?.message.contains("nested more than 256 levels") == true)
        var dashes = ""
        for level in 0..<300 { dashes += String(repeating: " ", count: level * 2) + "-\n" }
        #expect(readError(dashes)?.message.contains("nested more than 256 levels") == true)
    }

    @Test("nesting up to the limit reads")
    func nestingAtTheLimit() throws {
        let flow = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        var expected: YAMLNode = []
        for _ in 1..<256 { expected = [expected] }
        #expect(try readOne(flow) == expected)
    }

    @Test("a second document where one is expected is refused at its start")
    func secondDocument() {
        #expect(throws: YAMLError(line: 2, column: 1, message: "expected a single YAML document, but a second one starts here")) {
            try YAMLReader.document(from: "a: 1\n---\nb: 2\n")
        }
    }

    @Test("the error description names the line and column")
    func errorDescription() {
        let error = readError("a:\n\tb: 1\n")
        #expect(error?.description == "line 2, column 1: a tab character cannot indent a block; indent with spaces")
    }
}
