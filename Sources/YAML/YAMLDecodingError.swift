/// A YAML value that does not fit the type being decoded, named by its field path as
/// Kubernetes users read it (`spec.rules[0].http.paths[1].pathType`).
public struct YAMLDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mismatch this is.
    public enum Kind: Hashable, Sendable {
        /// The value has the wrong type (a string where an integer was expected, ...).
        case typeMismatch
        /// A required field is absent.
        case missingField
        /// A required value is null or empty.
        case nullValue
        /// The value has the right type but is not allowed (an unknown enum case, a range error, ...).
        case invalidValue
    }

    /// What kind of mismatch this is.
    public var kind: Kind
    /// The field path, e.g. `spec.rules[0].http.paths[1].pathType`; empty for the document itself.
    public var path: String
    /// What was expected and what was found.
    public var message: String
    /// Where the value (or the mapping missing a field) starts, when decoded from text.
    public var location: YAMLLocation?

    public init(kind: Kind, path: String, message: String, location: YAMLLocation? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.location = location
    }

    public var description: String {
        let text = path.isEmpty ? message : "\(path): \(message)"
        return location.map { "\($0): \(text)" } ?? text
    }

    /// Converts an error a `Decodable` type threw itself (e.g. a `RawRepresentable` enum
    /// refusing a value) into one that names the field path.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(_, let context):
            self.init(kind: .typeMismatch, path: Self.describe(context.codingPath), message: context.debugDescription)
        case .valueNotFound(_, let context):
            self.init(kind: .nullValue, path: Self.describe(context.codingPath), message: context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(kind: .missingField, path: Self.describe(context.codingPath + [key]),
                      message: "missing required field '\(key.stringValue)'")
        case .dataCorrupted(let context):
            self.init(kind: .invalidValue, path: Self.describe(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(kind: .invalidValue, path: "", message: String(describing: error))
        }
    }

    /// Formats a coding path: names joined with `.`, sequence indexes as `[i]`, and names
    /// that are not simple identifiers (annotation keys) as `["name"]`.
    static func describe(_ path: [any CodingKey]) -> String {
        PathComponent.render(path.map { key in
            if let index = key as? IndexKey { return .index(index.index) }
            return .key(key.stringValue)
        })
    }
}

/// The coding key of a sequence element.
struct IndexKey: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
    var stringValue: String { "[\(index)]" }
    var intValue: Int? { index }
}

/// The coding key `super`, used by `superDecoder()` on a keyed container.
struct SuperKey: CodingKey {
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
    var stringValue: String { "super" }
    var intValue: Int? { nil }
}

extension YAMLNode {
    /// How a value is named in decoding errors: "the integer 80", "the string \"80\"", "null".
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "the boolean \(value)"
        case .int(let value): return "the integer \(value)"
        case .double(let value): return "the number \(value)"
        case .string(let value):
            let shown = value.count > 40 ? String(value.prefix(40)) + "..." : value
            return "the string \"\(shown)\""
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }
}
