import Testing
@testable import YAML

/// The YAML 1.2 specification's chapter 2 examples (and a few from later chapters):
/// the ones within the supported subset read to the spec's values, the ones using anchors,
/// tags or complex keys are refused where the unsupported feature starts.
@Suite struct SpecExampleTests {
    struct StreamCase: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let expected: [YAMLNode]
        init(_ name: String, _ yaml: String, _ expected: [YAMLNode]) {
            self.name = name
            self.yaml = yaml
            self.expected = expected
        }
        var testDescription: String { name }
    }

    static let supported: [StreamCase] = [
        StreamCase("2.1 sequence of scalars", "- Mark McGwire\n- Sammy Sosa\n- Ken Griffey\n",
                   [["Mark McGwire", "Sammy Sosa", "Ken Griffey"]]),
        StreamCase("2.2 mapping scalars to scalars", "hr:  65    # Home runs\navg: 0.278 # Batting average\nrbi: 147   # Runs Batted In\n",
                   [["hr": 65, "avg": 0.278, "rbi": 147]]),
        StreamCase("2.3 mapping scalars to sequences", """
            american:
            - Boston Red Sox
            - Detroit Tigers
            - New York Yankees
            national:
            - New York Mets
            - Chicago Cubs
            - Atlanta Braves
            """, [["american": ["Boston Red Sox", "Detroit Tigers", "New York Yankees"],
                   "national": ["New York Mets", "Chicago Cubs", "Atlanta Braves"]]]),
        StreamCase("2.4 sequence of mappings", """
            -
              name: Mark McGwire
              hr:   65
              avg:  0.278
            -
              name: Sammy Sosa
              hr:   63
              avg:  0.288
            """, [[["name": "Mark McGwire", "hr": 65, "avg": 0.278], ["name": "Sammy Sosa", "hr": 63, "avg": 0.288]]]),
        StreamCase("2.5 sequence of sequences", """
            - [name        , hr, avg  ]
            - [Mark McGwire, 65, 0.278]
            - [Sammy Sosa  , 63, 0.288]
            """, [[["name", "hr", "avg"], ["Mark McGwire", 65, 0.278], ["Sammy Sosa", 63, 0.288]]]),
        StreamCase("2.6 mapping of mappings", """
            Mark McGwire: {hr: 65, avg: 0.278}
            Sammy Sosa: {
                hr: 63,
                avg: 0.288
              }
            """, [["Mark McGwire": ["hr": 65, "avg": 0.278], "Sammy Sosa": ["hr": 63, "avg": 0.288]]]),
        StreamCase("2.7 two documents in a stream", """
            # Ranking of 1998 home runs
            ---
            - Mark McGwire
            - Sammy Sosa
            - Ken Griffey

            # Team ranking
            ---
            - Chicago Cubs
            - St Louis Cardinals
            """, [["Mark McGwire", "Sammy Sosa", "Ken Griffey"], ["Chicago Cubs", "St Louis Cardinals"]]),
        StreamCase("2.8 play by play feed", """
            ---
            time: 20:03:20
            player: Sammy Sosa
            action: strike (miss)
            ...
            ---
            time: 20:03:47
            player: Sammy Sosa
            action: grand slam
            ...
            """, [["time": "20:03:20", "player": "Sammy Sosa", "action": "strike (miss)"],
                  ["time": "20:03:47", "player": "Sammy Sosa", "action": "grand slam"]]),
        StreamCase("2.9 single document with two comments", """
            ---
            hr: # 1998 hr ranking
            - Mark McGwire
            - Sammy Sosa
            # 1998 rbi ranking
            rbi:
            - Sammy Sosa
            - Ken Griffey
            """, [["hr": ["Mark McGwire", "Sammy Sosa"], "rbi": ["Sammy Sosa", "Ken Griffey"]]]),
        StreamCase("2.12 compact nested mapping", """
            ---
            # Products purchased
            - item    : Super Hoop
              quantity: 1
            - item    : Basketball
              quantity: 4
            - item    : Big Shoes
              quantity: 1
            """, [[["item": "Super Hoop", "quantity": 1], ["item": "Basketball", "quantity": 4], ["item": "Big Shoes", "quantity": 1]]]),
        StreamCase("2.13 in literals, newlines are preserved", "# ASCII Art\n--- |\n  \\//||\\/||\n  // ||  ||__\n",
                   ["\\//||\\/||\n// ||  ||__\n"]),
        StreamCase("2.14 in the folded scalars, newlines become spaces", "--- >\n  Mark McGwire's\n  year was crippled\n  by a knee injury.\n",
                   ["Mark McGwire's year was crippled by a knee injury.\n"]),
        StreamCase("2.15 folded newlines are preserved for more indented and blank lines", """
            >
             Sammy Sosa completed another
             fine season with great stats.

               63 Home Runs
               0.288 Batting Average

             What a year!
            """, ["Sammy Sosa completed another fine season with great stats.\n\n  63 Home Runs\n  0.288 Batting Average\n\nWhat a year!"]),
        StreamCase("2.16 indentation determines scope", """
            name: Mark McGwire
            accomplishment: >
              Mark set a major league
              home run record in 1998.
            stats: |
              65 Home Runs
              0.278 Batting Average

            """, [["name": "Mark McGwire", "accomplishment": "Mark set a major league home run record in 1998.\n",
                   "stats": "65 Home Runs\n0.278 Batting Average\n"]]),
        StreamCase("2.17 quoted scalars", #"""
            unicode: "Sosa did fine.\u263A"
            control: "\b1998\t1999\t2000\n"
            hex esc: "\x0d\x0a is \r\n"

            single: '"Howdy!" he cried.'
            quoted: ' # Not a ''comment''.'
            tie-fighter: '|\-*-/|'
            """#, [["unicode": "Sosa did fine.\u{263A}", "control": "\u{8}1998\t1999\t2000\n", "hex esc": "\r\n is \r\n",
                    "single": "\"Howdy!\" he cried.", "quoted": " # Not a 'comment'.", "tie-fighter": "|\\-*-/|"]]),
        StreamCase("2.18 multi-line flow scalars", """
            plain:
              This unquoted scalar
              spans many lines.

            quoted: "So does this
              quoted scalar.\\n"
            """, [["plain": "This unquoted scalar spans many lines.", "quoted": "So does this quoted scalar.\n"]]),
        StreamCase("2.19 integers", "canonical: 12345\ndecimal: +12345\noctal: 0o14\nhexadecimal: 0xC\n",
                   [["canonical": 12345, "decimal": 12345, "octal": 12, "hexadecimal": 12]]),
        StreamCase("2.20 floating point", """
            canonical: 1.23015e+3
            exponential: 12.3015e+02
            fixed: 1230.15
            negative infinity: -.inf
            not a number: .nan
            """, [["canonical": 1230.15, "exponential": 1230.15, "fixed": 1230.15,
                   "negative infinity": .double(-.infinity), "not a number": .double(.nan)]]),
        StreamCase("2.21 miscellaneous", "null:\nbooleans: [ true, false ]\nstring: '012345'\n",
                   [["null": nil, "booleans": [true, false], "string": "012345"]]),
        StreamCase("2.22 timestamps stay strings under the core schema", """
            canonical: 2001-12-15T02:59:43.1Z
            iso8601: 2001-12-14t21:59:43.10-05:00
            spaced: 2001-12-14 21:59:43.10 -5
            date: 2002-12-14
            """, [["canonical": "2001-12-15T02:59:43.1Z", "iso8601": "2001-12-14t21:59:43.10-05:00",
                   "spaced": "2001-12-14 21:59:43.10 -5", "date": "2002-12-14"]]),
        StreamCase("2.28 log file", """
            ---
            Time: 2001-11-23 15:01:42 -5
            User: ed
            Warning:
              This is an error message
              for the log file
            ---
            Time: 2001-11-23 15:02:31 -5
            User: ed
            Warning:
              A slightly different error
              message.
            ---
            Date: 2001-11-23 15:03:17 -5
            User: ed
            Fatal:
              Unknown variable "bar"
            Stack:
            - file: TopClass.py
              line: 23
              code: |
                x = MoreObject("345\\n")
            - file: MoreClass.py
              line: 58
              code: |-
                foo = bar
            """, [
                ["Time": "2001-11-23 15:01:42 -5", "User": "ed", "Warning": "This is an error message for the log file"],
                ["Time": "2001-11-23 15:02:31 -5", "User": "ed", "Warning": "A slightly different error message."],
                ["Date": "2001-11-23 15:03:17 -5", "User": "ed", "Fatal": "Unknown variable \"bar\"",
                 "Stack": [["file": "TopClass.py", "line": 23, "code": "x = MoreObject(\"345\\n\")\n"],
                           ["file": "MoreClass.py", "line": 58, "code": "foo = bar"]]],
            ]),
        // Later chapters: indentation, folding and chomping details.
        StreamCase("6.1 indentation spaces", """
              # Leading comment line spaces are
               # neither content nor indentation.

            Not indented:
             By one space: |
                By four
                  spaces
             Flow style: [    # Leading spaces
               By two,        # in flow style
              Also by two,    # are neither
              \tStill by two   # content nor
                ]             # indentation.
            """, [["Not indented": ["By one space": "By four\n  spaces\n",
                                    "Flow style": ["By two", "Also by two", "Still by two"]]]]),
        StreamCase("7.5 double quoted line breaks", "\"folded \nto a space,\t\n \nto a line feed, or \t\\\n \\ \tnon-content\"",
                   ["folded to a space,\nto a line feed, or \t \tnon-content"]),
        StreamCase("7.9 single quoted lines", "' 1st non-empty\n\n 2nd non-empty \n\t3rd non-empty '",
                   [" 1st non-empty\n2nd non-empty 3rd non-empty "]),
        StreamCase("7.12 plain lines", "1st non-empty\n\n 2nd non-empty \n\t3rd non-empty",
                   ["1st non-empty\n2nd non-empty 3rd non-empty"]),
        StreamCase("8.4 chomping final line break", "strip: |-\n  text\nclip: |\n  text\nkeep: |+\n  text\n",
                   [["strip": "text", "clip": "text\n", "keep": "text\n"]]),
        StreamCase("8.5 chomping trailing lines", """
             # Strip
              # Comments:
            strip: |-
              # text
              
             # Clip
              # comments:

            clip: |
              # text
             
             # Keep
              # comments:

            keep: |+
              # text

             # Trail
              # comments.
            """, [["strip": "# text", "clip": "# text\n", "keep": "# text\n\n"]]),
        StreamCase("8.6 empty scalar chomping", "strip: >-\n\nclip: >\n\nkeep: |+\n\n",
                   [["strip": "", "clip": "", "keep": "\n"]]),
        StreamCase("8.10 folded lines", """
            >

             folded
             line

             next
             line
               * bullet

               * list
               * lines

             last
             line

            # Comment
            """, ["\nfolded line\nnext line\n  * bullet\n\n  * list\n  * lines\n\nlast line\n"]),
    ]

    @Test("supported spec examples read to the spec's values", arguments: supported)
    func reads(_ c: StreamCase) throws {
        #expect(try YAMLReader.documents(from: c.yaml) == c.expected)
    }

    static let unsupported: [ErrorCase] = [
        ErrorCase("2.10 node appears twice (anchor)", """
            ---
            hr:
            - Mark McGwire
            # Following node labeled SS
            - &SS Sammy Sosa
            rbi:
            - *SS # Subsequent occurrence
            - Ken Griffey
            """, line: 5, column: 3, "anchors"),
        ErrorCase("2.11 mapping between sequences (complex keys)", """
            ? - Detroit Tigers
              - Chicago cubs
            : - 2001-07-23

            ? [ New York Yankees,
                Atlanta Braves ]
            : [ 2001-07-02, 2001-08-12,
                2001-08-14 ]
            """, line: 1, column: 1, "complex mapping keys"),
        ErrorCase("2.23 various explicit tags", """
            ---
            not-date: !!str 2002-04-28

            picture: !!binary |
             R0lGODlhDAAMAIQAAP//9/X
             17unp5WZmZgAAAOfn515eXv
            """, line: 2, column: 11, "tags"),
        ErrorCase("2.24 global tags", """
            %TAG ! tag:clarkevans.com,2002:
            --- !shape
              # Use the ! handle for presenting
              # tag:clarkevans.com,2002:circle
            - !circle
              center: &ORIGIN {x: 73, y: 129}
              radius: 7
            """, line: 1, column: 1, "%TAG"),
        ErrorCase("2.25 unordered sets", """
            # Sets are represented as a
            # Mapping where each key is
            # associated with a null value
            --- !!set
            ? Mark McGwire
            ? Sammy Sosa
            ? Ken Griff
            """, line: 4, column: 5, "tags"),
        ErrorCase("2.26 ordered mappings", """
            # Ordered maps are represented as
            # A sequence of mappings, with
            # each mapping having one key
            --- !!omap
            - Mark McGwire: 65
            - Sammy Sosa: 63
            - Ken Griffy: 58
            """, line: 4, column: 5, "tags"),
        ErrorCase("2.27 invoice", """
            --- !<tag:clarkevans.com,2002:invoice>
            invoice: 34843
            date   : 2001-01-23
            bill-to: &id001
                given  : Chris
            """, line: 1, column: 5, "tags"),
        ErrorCase("2.27 invoice without its tag still has an anchor", """
            invoice: 34843
            date   : 2001-01-23
            bill-to: &id001
                given  : Chris
            ship-to: *id001
            """, line: 3, column: 10, "anchors"),
    ]

    @Test("spec examples using anchors, tags or complex keys are refused where they start", arguments: unsupported)
    func refuses(_ c: ErrorCase) throws {
        let error = try #require(readError(c.yaml))
        #expect(error.line == c.line && error.column == c.column, "\(error)")
        #expect(error.message.contains(c.fragment), "\(error)")
    }
}
