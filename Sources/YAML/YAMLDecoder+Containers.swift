// MARK: - The three container kinds of `NodeDecoder`

/// Reads the fields of a mapping.
struct MappingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let pairs: [(key: String, value: YAMLNode)]
    /// Built for large mappings so decoding a `[String: String]` of many keys stays linear.
    private let index: [String: Int]?

    init(decoder: NodeDecoder, pairs: [(key: String, value: YAMLNode)]) {
        self.decoder = decoder
        self.pairs = pairs
        if pairs.count > 12 {
            var index: [String: Int] = [:]
            for (i, pair) in pairs.enumerated() { index[pair.key] = i }
            self.index = index
        } else {
            self.index = nil
        }
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.key) } }

    private func value(for key: Key) -> YAMLNode? {
        if let index { return index[key.stringValue].map { pairs[$0].value } }
        return pairs.first { $0.key == key.stringValue }?.value
    }

    func contains(_ key: Key) -> Bool { value(for: key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { (value(for: key) ?? .null) == .null }

    private func required(_ key: Key) throws(YAMLDecodingError) -> NodeDecoder {
        guard let value = value(for: key) else {
            throw YAMLDecodingError(kind: .missingField, path: YAMLDecodingError.describe(codingPath + [key]),
                                    message: "missing required field '\(key.stringValue)'")
        }
        return decoder.child(value, key: key)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try required(key).decodeValue(T.self)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = value(for: key), value != .null else { return nil }
        return try decoder.child(value, key: key).decodeValue(T.self)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(key).decodeValue(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(key).decodeValue(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try required(key).decodeValue(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try required(key).decodeValue(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try required(key).decodeValue(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try required(key).decodeValue(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try required(key).decodeValue(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try required(key).decodeValue(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try required(key).decodeValue(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try required(key).decodeValue(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try required(key).decodeValue(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try required(key).decodeValue(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try required(key).decodeValue(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try required(key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try required(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try required(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(pairs.first { $0.key == "super" }?.value ?? .null, key: SuperKey())
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(value(for: key) ?? .null, key: key)
    }
}

/// Reads the elements of a sequence in order.
struct SequenceContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [YAMLNode]
    private(set) var currentIndex = 0

    init(decoder: NodeDecoder, items: [YAMLNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private func next() throws(YAMLDecodingError) -> NodeDecoder {
        guard !isAtEnd else {
            throw YAMLDecodingError(kind: .missingField, path: YAMLDecodingError.describe(codingPath),
                                    message: "expected at least \(currentIndex + 1) elements, found \(items.count)")
        }
        return decoder.child(items[currentIndex], key: IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try next().decodeValue(T.self)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeElement(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeElement(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeElement(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeElement(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeElement(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeElement(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeElement(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeElement(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeElement(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeElement(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeElement(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeElement(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeElement(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeElement(type) }

    private mutating func decodeElement<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try next().decodeValue(T.self)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try next().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try next().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try next()
        currentIndex += 1
        return decoder
    }
}

/// Reads one scalar, strictly: no conversion between strings, numbers and booleans.
struct ScalarContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: YAMLNode { decoder.node }

    func decodeNil() -> Bool { node == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let value) = node else { throw decoder.mismatch(expected: "a boolean (true or false)") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let value) = node else {
            switch node {
            case .int, .double, .bool:
                throw decoder.mismatch(expected: "a string (quote the value to make it one)")
            default:
                throw decoder.mismatch(expected: "a string")
            }
        }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch node {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: throw decoder.mismatch(expected: "a number")
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        let value = try decode(Double.self)
        let narrowed = Float(value)
        if narrowed.isInfinite && value.isFinite {
            throw YAMLDecodingError(kind: .invalidValue, path: YAMLDecodingError.describe(codingPath),
                                    message: "the number \(value) is out of range for Float")
        }
        return narrowed
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws(YAMLDecodingError) -> T {
        guard case .int(let value) = node else { throw decoder.mismatch(expected: "an integer") }
        guard let exact = T(exactly: value) else {
            throw YAMLDecodingError(kind: .invalidValue, path: YAMLDecodingError.describe(codingPath),
                                    message: "the integer \(value) is out of range for \(T.self) (\(T.min)...\(T.max))")
        }
        return exact
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
}
