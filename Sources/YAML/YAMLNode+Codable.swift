// MARK: - YAMLNode as a Codable value, so models can keep a raw subtree (like RawExtension)

extension YAMLNode: Codable {
    /// Any string key: mapping keys are data, not a fixed set.
    private struct AnyKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.stringValue = String(intValue) }
        var intValue: Int? { nil }
    }

    /// With `YAMLDecoder` the node is taken as is; with other decoders (e.g. JSON from the
    /// API server) it is rebuilt from whatever containers the decoder offers, with mapping keys
    /// in the order the decoder lists them (Foundation's `JSONDecoder` keeps no order).
    public init(from decoder: any Decoder) throws {
        if let nodeDecoder = decoder as? NodeDecoder {
            self = nodeDecoder.node
            return
        }
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var pairs: [(key: String, value: YAMLNode)] = []
            for key in keyed.allKeys {
                pairs.append((key: key.stringValue, value: try keyed.decode(YAMLNode.self, forKey: key)))
            }
            self = .mapping(pairs)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [YAMLNode] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(YAMLNode.self)) }
            self = .sequence(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .int(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .double(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .string(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .sequence(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .mapping(let pairs):
            var c = encoder.container(keyedBy: AnyKey.self)
            for pair in pairs { try c.encode(pair.value, forKey: AnyKey(stringValue: pair.key)) }
        }
    }
}
