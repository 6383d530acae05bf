// MARK: - Conveniences for reading nodes without a Decodable type

extension YAMLNode {
    /// The string, if this is a string scalar.
    public var string: String? { if case .string(let v) = self { v } else { nil } }
    /// The integer, if this is an integer scalar.
    public var int: Int64? { if case .int(let v) = self { v } else { nil } }
    /// The number, if this is a float or an integer scalar.
    public var double: Double? {
        switch self {
        case .double(let v): v
        case .int(let v): Double(v)
        default: nil
        }
    }
    /// The boolean, if this is a boolean scalar.
    public var bool: Bool? { if case .bool(let v) = self { v } else { nil } }
    /// True for `null`, `~` and empty values.
    public var isNull: Bool { if case .null = self { true } else { false } }
    /// The elements, if this is a sequence.
    public var sequence: [YAMLNode]? { if case .sequence(let v) = self { v } else { nil } }
    /// The pairs in document order, if this is a mapping.
    public var mapping: [(key: String, value: YAMLNode)]? { if case .mapping(let v) = self { v } else { nil } }

    /// The element at `index` of a sequence; nil out of range or for a non-sequence.
    public subscript(index: Int) -> YAMLNode? {
        guard case .sequence(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}

// MARK: - Literals, so tables of expected nodes read like the YAML they come from

extension YAMLNode: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: YAMLNode...) { self = .sequence(elements) }
    /// Keeps the pairs in the order written.
    public init(dictionaryLiteral elements: (String, YAMLNode)...) {
        self = .mapping(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension YAMLNode: CustomStringConvertible {
    /// A compact flow-style rendering (JSON, except `.inf`/`.nan`) that reads back as the same
    /// value; for test failures, debug output and the fuzzer's round-trip check.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let v): return String(v)
        case .int(let v): return String(v)
        case .double(let v):
            // YAML spellings, so the rendering reads back as the same value.
            if v.isNaN { return ".nan" }
            if v.isInfinite { return v < 0 ? "-.inf" : ".inf" }
            return String(v)
        case .string(let v): return "\"" + Self.escaped(v) + "\""
        case .sequence(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\"\(Self.escaped($0.key))\": \($0.value.description)" }.joined(separator: ", ") + "}"
        }
    }

    private static func escaped(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
