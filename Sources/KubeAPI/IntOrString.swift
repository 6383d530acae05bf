/// A value that the Kubernetes API lets be either a number or a name, e.g. a Service's
/// `targetPort` (`8080` or `http`).
public enum IntOrString: Codable, Hashable, Sendable, CustomStringConvertible {
    case int(Int32)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int32.self) {
            self = .int(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            throw DecodingError.typeMismatch(IntOrString.self, .init(
                codingPath: decoder.codingPath,
                debugDescription: "expected an integer or a string"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        }
    }

    public var description: String {
        switch self {
        case .int(let n): return String(n)
        case .string(let s): return s
        }
    }
}
