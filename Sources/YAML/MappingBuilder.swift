/// Collects a mapping's pairs in document order and refuses duplicate keys (YAML 1.2 §3.2.1.1).
struct MappingBuilder {
    private(set) var pairs: [(key: String, value: YAMLNode)] = []
    /// Byte offsets of the keys, to say where a duplicate was first defined.
    private var offsets: [Int] = []
    /// Built once a mapping grows past a few keys, so large maps (ConfigMap data) stay linear.
    private var index: [String: Int]? = nil

    private static let linearSearchLimit = 12

    mutating func add(key: String, value: YAMLNode, at offset: Int, in parser: YAMLParser) throws(YAMLError) {
        let existing: Int?
        if let index {
            existing = index[key]
        } else {
            existing = pairs.firstIndex { $0.key == key }
        }
        if let existing {
            let first = parser.error("", at: offsets[existing])
            throw parser.error("duplicate key '\(key)' (first defined on line \(first.line)); "
                               + "each key may appear only once in a mapping", at: offset)
        }
        pairs.append((key: key, value: value))
        offsets.append(offset)
        if index != nil {
            index![key] = pairs.count - 1
        } else if pairs.count > Self.linearSearchLimit {
            var built: [String: Int] = [:]
            for (i, pair) in pairs.enumerated() { built[pair.key] = i }
            index = built
        }
    }
}
