import Testing
@testable import YAML

@Suite struct BlockCollectionTests {
    static let cases: [ReadCase] = [
        ReadCase("a flat mapping keeps its keys in order", "b: 1\na: 2\n", ["b": 1, "a": 2]),
        ReadCase("a nested mapping", "a:\n  b:\n    c: x\n  d: y\n", ["a": ["b": ["c": "x"], "d": "y"]]),
        ReadCase("a block sequence", "- a\n- b\n", ["a", "b"]),
        ReadCase("a sequence indented under its key", "k:\n  - a\n  - b\n", ["k": ["a", "b"]]),
        ReadCase("a sequence at its key's indentation", "k:\n- a\n- b\nz: 1\n", ["k": ["a", "b"], "z": 1]),
        ReadCase("a compact sequence of mappings", "- name: x\n  port: 80\n- name: y\n", [["name": "x", "port": 80], ["name": "y"]]),
        ReadCase("nested compact sequences", "- - a\n  - b\n- - c\n", [["a", "b"], ["c"]]),
        ReadCase("a same-level sequence inside a compact mapping", "- a:\n  - x\n  b: 1\n", [["a": ["x"], "b": 1]]),
        ReadCase("an empty value is null", "a:\nb: 1\n", ["a": nil, "b": 1]),
        ReadCase("an empty value at the end of input is null", "a:", ["a": nil]),
        ReadCase("an empty sequence entry is null", "-\n- b\n", [nil, "b"]),
        ReadCase("a sequence entry on the next line", "-\n  a: 1\n", [["a": 1]]),
        ReadCase("comments everywhere", "# head\na: 1 # trailing\n# between\n\nb: # after key\n  - x # entry\n  # inside\n  - y\n# tail\n", ["a": 1, "b": ["x", "y"]]),
        ReadCase("quoted keys", "\"a b\": 1\n'c:d': 2\n", ["a b": 1, "c:d": 2]),
        ReadCase("values containing colons and hashes", "url: http://x:80/a#frag\nimage: nginx:1.25\n", ["url": "http://x:80/a#frag", "image": "nginx:1.25"]),
        ReadCase("a key with spaces before the colon", "a   : 1\n", ["a": 1]),
        ReadCase("a tab after the colon separates", "a:\t1\n", ["a": 1]),
        ReadCase("a deeply indented mapping value", "a:\n        b: 1\n", ["a": ["b": 1]]),
        ReadCase("a plain scalar folded over lines", "a: one\n  two\n\n  three\n", ["a": "one two\nthree"]),
        ReadCase("a multi-line plain sequence entry", "- one\n  two\n- three\n", ["one two", "three"]),
        ReadCase("an indented top-level mapping", "  a: 1\n  b: 2\n", ["a": 1, "b": 2]),
        ReadCase("an indented top-level sequence after a comment", "# c\n   - a\n   - b\n", ["a", "b"]),
        ReadCase("a top-level scalar", "hello world\n", "hello world"),
        ReadCase("a top-level multi-line scalar", "hello\nworld\n", "hello world"),
        ReadCase("a flow mapping value", "a: {b: 1, c: [x, y]}\n", ["a": ["b": 1, "c": ["x", "y"]]]),
        ReadCase("a Windows line ending file", "a: 1\r\nb:\r\n  - x\r\n", ["a": 1, "b": ["x"]]),
        ReadCase("a byte order mark is skipped", "\u{FEFF}a: 1\n", ["a": 1]),
        ReadCase("keys that look like other types stay strings", "1: a\ntrue: b\nnull: c\n", ["1": "a", "true": "b", "null": "c"]),
        ReadCase("a dash followed by text is a plain scalar", "a: -x\nb: -1\n", ["a": "-x", "b": -1]),
        ReadCase("a question mark or colon followed by text is plain", "a: ?x\nb: :y\n", ["a": "?x", "b": ":y"]),
    ]

    @Test("block collections read as expected", arguments: cases)
    func reads(_ c: ReadCase) throws {
        #expect(try readOne(c.yaml) == c.expected)
    }
}
