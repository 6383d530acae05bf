/// A 1-based line and column in YAML text.
public struct YAMLLocation: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, in characters.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// A document read together with where each of its values starts, so errors found later
/// (decoding, validation) can point at a line.
public struct YAMLDocument: Sendable {
    /// The document's value.
    public var node: YAMLNode
    /// Where its values start.
    public var sourceMap: YAMLSourceMap
}

/// Where each value of one document starts, by field path (`spec.rules[0].host`): the
/// mapping key's position for a mapping entry, the `- ` for a block sequence entry.
public struct YAMLSourceMap: Sendable {
    private var locations: [String: YAMLLocation]

    init(locations: [String: YAMLLocation]) {
        self.locations = locations
    }

    /// The location of the value at `path`, or of its nearest recorded ancestor (so a
    /// missing field points at the mapping that lacks it). Accepts `a.b[0].c`, `a["x.y/z"]`
    /// and `a[x.y/z]` spellings; the empty path is the document itself.
    public func location(of path: String) -> YAMLLocation? {
        var components = PathComponent.parse(path)
        while true {
            if let location = locations[PathComponent.render(components)] { return location }
            if components.isEmpty { return nil }
            components.removeLast()
        }
    }

    /// How many locations were recorded.
    public var count: Int { locations.count }
}

/// One step of a field path: a mapping key or a sequence index.
enum PathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)

    /// Names joined with `.`, indexes as `[i]`, keys that are not simple identifiers as `["key"]`
    /// (the form `YAMLDecodingError.path` uses).
    static func render(_ components: [PathComponent]) -> String {
        var text = ""
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let key):
                if !key.isEmpty && key.utf8.allSatisfy(isIdentifierByte) {
                    if !text.isEmpty { text += "." }
                    text += key
                } else {
                    text += "[\"\(key)\"]"
                }
            }
        }
        return text
    }

    /// Splits a rendered path back into components; `[x]` holding only digits is an index.
    static func parse(_ path: String) -> [PathComponent] {
        var components: [PathComponent] = []
        let bytes = Array(path.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                i += 1
            } else if c == UInt8(ascii: "[") {
                var j = i + 1
                let quoted = j < bytes.count && bytes[j] == UInt8(ascii: "\"")
                if quoted {
                    j += 1
                    while j < bytes.count && !(bytes[j] == UInt8(ascii: "\"") && j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "]")) { j += 1 }
                    components.append(.key(String(decoding: bytes[min(i + 2, j)..<j], as: UTF8.self)))
                    i = j + 2
                } else {
                    while j < bytes.count && bytes[j] != UInt8(ascii: "]") { j += 1 }
                    let inside = bytes[(i + 1)..<j]
                    if !inside.isEmpty, inside.allSatisfy(isDigit), let index = Int(String(decoding: inside, as: UTF8.self)) {
                        components.append(.index(index))
                    } else {
                        components.append(.key(String(decoding: inside, as: UTF8.self)))
                    }
                    i = j + 1
                }
            } else {
                var j = i
                while j < bytes.count && bytes[j] != UInt8(ascii: ".") && bytes[j] != UInt8(ascii: "[") { j += 1 }
                components.append(.key(String(decoding: bytes[i..<j], as: UTF8.self)))
                i = j
            }
        }
        return components
    }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

/// Collects paths and byte offsets while a document is read (only when asked for), and turns
/// them into a `YAMLSourceMap` with one forward sweep over the text.
struct SourceMapRecorder {
    var components: [PathComponent] = []
    var entries: [(path: String, offset: Int)] = []
    /// The sweep's position: byte offset, its line, and that line's first byte.
    var sweep = (offset: 0, line: 1, lineStart: 0)

    mutating func record(at offset: Int) {
        entries.append((path: PathComponent.render(components), offset: offset))
    }

    mutating func finishDocument(bytes: [UInt8]) -> YAMLSourceMap {
        var locations: [String: YAMLLocation] = [:]
        for entry in entries.sorted(by: { $0.offset < $1.offset }) {
            let target = min(entry.offset, bytes.count)
            while sweep.offset < target {
                if bytes[sweep.offset] == .lineFeed {
                    sweep.line += 1
                    sweep.lineStart = sweep.offset + 1
                }
                sweep.offset += 1
            }
            var column = 1
            for j in sweep.lineStart..<target where bytes[j] & 0xC0 != 0x80 { column += 1 }
            if locations[entry.path] == nil {
                locations[entry.path] = YAMLLocation(line: sweep.line, column: column)
            }
        }
        entries.removeAll(keepingCapacity: true)
        components.removeAll(keepingCapacity: true)
        return YAMLSourceMap(locations: locations)
    }
}

extension YAMLParser {
    /// Enters the value at a key or index, recording where it starts (when recording).
    @inline(__always) mutating func enterPath(_ component: PathComponent, at offset: Int) {
        guard recordsLocations else { return }
        sourceMap!.components.append(component)
        sourceMap!.record(at: offset)
    }

    @inline(__always) mutating func leavePath() {
        guard recordsLocations else { return }
        sourceMap!.components.removeLast()
    }
}
