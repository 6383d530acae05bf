import Testing
@testable import YAML

@Suite struct ScalarTests {
    static let coreSchema: [ReadCase] = [
        ReadCase("null spelled null", "a: null", ["a": nil]),
        ReadCase("null spelled Null", "a: Null", ["a": nil]),
        ReadCase("null spelled NULL", "a: NULL", ["a": nil]),
        ReadCase("null spelled ~", "a: ~", ["a": nil]),
        ReadCase("nUll is a string", "a: nUll", ["a": "nUll"]),
        ReadCase("true and false in three spellings", "[true, True, TRUE, false, False, FALSE]", [true, true, true, false, false, false]),
        ReadCase("tRUE is a string", "a: tRUE", ["a": "tRUE"]),
        ReadCase("YAML 1.1 booleans are strings", "[yes, no, on, off, y, n, Yes]", ["yes", "no", "on", "off", "y", "n", "Yes"]),
        ReadCase("decimal integers", "[0, 12, -7, +3, -0, 10]", [0, 12, -7, 3, 0, 10]),
        ReadCase("floats may have leading zeros", "[01.5, 00.5]", [1.5, 0.5]),
        ReadCase("the 64-bit integer limits", "[9223372036854775807, -9223372036854775808]", [.int(.max), .int(.min)]),
        ReadCase("octal integers", "[0o17, 0o0]", [15, 0]),
        ReadCase("hexadecimal integers", "[0xFF, 0x1f, 0x0]", [255, 31, 0]),
        ReadCase("malformed radix numbers are strings", "[0o8, 0xG, 0x, 0O7, 0X1, -0x1]", ["0o8", "0xG", "0x", "0O7", "0X1", "-0x1"]),
        ReadCase("floats", "[1.5, -0.5, .5, 1., 1e3, 2.5E-2, +1.0]", [1.5, -0.5, 0.5, 1.0, 1000.0, 0.025, 1.0]),
        ReadCase("infinities and NaN", "[.inf, -.Inf, +.INF, .nan, .NaN, .NAN]", [.double(.infinity), .double(-.infinity), .double(.infinity), .double(.nan), .double(.nan), .double(.nan)]),
        ReadCase("near-numbers are strings", "[1.2.3, 1e, e3, ., '-', +, 1_000, 12:30, -.nan, 1 2]", ["1.2.3", "1e", "e3", ".", "-", "+", "1_000", "12:30", "-.nan", "1 2"]),
        ReadCase("version-like values are strings", "[v1, 1.2.3-rc1, 10Mi, 500m]", ["v1", "1.2.3-rc1", "10Mi", "500m"]),
        ReadCase("quoted scalars are always strings", "[\"1\", '2', \"true\", 'null', \"\", '']", ["1", "2", "true", "null", "", ""]),
        ReadCase("non-ASCII plain text", "name: café ☕ 日本\n", ["name": "café ☕ 日本"]),
    ]

    @Test("plain scalars resolve under the YAML 1.2 core schema", arguments: coreSchema)
    func coreSchemaResolution(_ c: ReadCase) throws {
        #expect(try readOne(c.yaml) == c.expected)
    }

    static let quoted: [ReadCase] = [
        ReadCase("single quotes escape a quote by doubling it", "a: 'it''s'", ["a": "it's"]),
        ReadCase("single quotes keep backslashes", #"a: 'C:\dir\n'"#, ["a": #"C:\dir\n"#]),
        ReadCase("single quotes fold lines", "a: 'one\n  two\n\n  three  '", ["a": "one two\nthree  "]),
        ReadCase("double quotes with every simple escape", #"a: "\0\a\b\t\n\v\f\r\e\ \"\/\\""#,
                 ["a": "\u{0}\u{7}\u{8}\t\n\u{B}\u{C}\r\u{1B} \"/\\"]),
        ReadCase("double quotes with a literal tab escape", "a: \"x\\\ty\"", ["a": "x\ty"]),
        ReadCase("double quotes with Unicode escapes", #"a: "\x41\u00e9\U0001F600\N\_\L\P""#,
                 ["a": "Aé😀\u{85}\u{A0}\u{2028}\u{2029}"]),
        ReadCase("a JSON surrogate pair is one character", #"a: "\ud83d\ude00""#, ["a": "😀"]),
        ReadCase("double quotes fold lines and trim their edges", "a: \"one  \n   two\n\n three\"", ["a": "one two\nthree"]),
        ReadCase("an escaped line break joins lines", "a: \"one\\\n   two\"", ["a": "onetwo"]),
        ReadCase("escaped trailing spaces survive folding", "a: \"one\\ \n two\"", ["a": "one  two"]),
        ReadCase("quoted values may hold ': ' and ' #'", "a: \"b: c # d\"\ne: 'f: g # h'", ["a": "b: c # d", "e": "f: g # h"]),
        ReadCase("a quoted value followed by a comment", "a: \"b\" # note\n", ["a": "b"]),
        ReadCase("an empty double-quoted string", "a: \"\"", ["a": ""]),
    ]

    @Test("quoted scalars apply escapes and folding", arguments: quoted)
    func quotedScalars(_ c: ReadCase) throws {
        #expect(try readOne(c.yaml) == c.expected)
    }

    static let blockScalars: [ReadCase] = [
        ReadCase("a literal keeps line breaks and clips the end", "a: |\n  one\n  two\n\n", ["a": "one\ntwo\n"]),
        ReadCase("a literal with strip chomping", "a: |-\n  one\n  two\n\n", ["a": "one\ntwo"]),
        ReadCase("a literal with keep chomping", "a: |+\n  one\n  two\n\n\nb: 1\n", ["a": "one\ntwo\n\n\n", "b": 1]),
        ReadCase("a literal keeps more-indented lines", "a: |\n  one\n    two\n  three\n", ["a": "one\n  two\nthree\n"]),
        ReadCase("a literal keeps inner empty lines", "a: |\n  one\n\n  two\n", ["a": "one\n\ntwo\n"]),
        ReadCase("a literal keeps '#' and ': ' as text", "a: |\n  # not a comment\n  b: c\n", ["a": "# not a comment\nb: c\n"]),
        ReadCase("a literal at the end of input without a line break", "a: |\n  one", ["a": "one"]),
        ReadCase("a literal with an explicit indentation indicator", "a: |2\n    one\n  two\n", ["a": "  one\ntwo\n"]),
        ReadCase("indicators in either order", "a: |-2\n   x\nb: |2-\n   y\n", ["a": " x", "b": " y"]),
        ReadCase("an empty literal", "a: |\nb: 1\n", ["a": "", "b": 1]),
        ReadCase("an empty literal with keep chomping", "a: |+\n\nb: 1\n", ["a": "\n", "b": 1]),
        ReadCase("a literal in a sequence", "- |\n  x\n- y\n", ["x\n", "y"]),
        ReadCase("a literal with a header comment", "a: | # note\n  x\n", ["a": "x\n"]),
        ReadCase("a literal ends at a less-indented comment", "a:\n  b: |\n    x\n  # note\n  c: 1\n", ["a": ["b": "x\n", "c": 1]]),
        ReadCase("a folded scalar joins lines", "a: >\n  one\n  two\n\n  three\n", ["a": "one two\nthree\n"]),
        ReadCase("a folded scalar keeps more-indented lines", "a: >\n  one\n    two\n  three\n", ["a": "one\n  two\nthree\n"]),
        ReadCase("a folded scalar with strip chomping", "a: >-\n  one\n  two\n", ["a": "one two"]),
        ReadCase("a folded scalar with keep chomping", "a: >+\n  one\n\n", ["a": "one\n\n"]),
        ReadCase("a top-level literal after ---", "--- |\n  x\n  y\n", "x\ny\n"),
        ReadCase("a literal stops at the document end marker", "--- |\n x\n...\n", "x\n"),
        ReadCase("a literal holding tabs after its indentation", "a: |\n  \tx\n", ["a": "\tx\n"]),
        ReadCase("a literal of only spaces at the end of input is empty", "|\n  ", ""),
        ReadCase("spaces-only lines before a document marker are empty lines", ">+\n \n...\n", "\n"),
        ReadCase("a top-level indentation indicator counts from column 0 (as libyaml)", "--- |2\n   x\n", " x\n"),
        ReadCase("a top-level literal's content column-0 comment is not content (as libyaml)", "--- >\n# c\n", ""),
    ]

    @Test("block scalars follow their chomping and indentation", arguments: blockScalars)
    func blockScalar(_ c: ReadCase) throws {
        #expect(try readOne(c.yaml) == c.expected)
    }
}
