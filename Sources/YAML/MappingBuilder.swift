/// A mapping being read. Its pairs are collected in their own array (a small reserve covers
/// most Kubernetes mappings without regrowth); the keys' offsets, needed only for duplicate
/// errors, live on the parser's shared offset stack from `base` on.
struct MappingBuilder {
    let base: Int
    var pairs: [(key: String, value: YAMLNode)]
    /// Key → stack position, built once a mapping grows past a few keys so large maps
    /// (ConfigMap data) stay linear.
    var index: [String: Int]? = nil

    static let linearSearchLimit = 12
}

extension YAMLParser {
    mutating func beginMapping() -> MappingBuilder {
        var pairs: [(key: String, value: YAMLNode)] = []
        pairs.reserveCapacity(4)
        return MappingBuilder(base: keyOffsetStack.count, pairs: pairs)
    }

    /// Adds a pair, refusing a duplicate key (YAML 1.2 §3.2.1.1); `offset` is the key's position.
    mutating func add(key: String, value: YAMLNode, at offset: Int, to mapping: inout MappingBuilder) throws(YAMLError) {
        var existing: Int? = nil
        if let index = mapping.index {
            existing = index[key]
        } else {
            existing = mapping.pairs.firstIndex { $0.key == key }
        }
        if let existing {
            let first = error("", at: keyOffsetStack[mapping.base + existing])
            throw error("duplicate key '\(key)' (first defined on line \(first.line)); "
                        + "each key may appear only once in a mapping", at: offset)
        }
        mapping.pairs.append((key: key, value: value))
        keyOffsetStack.append(offset)
        if mapping.index != nil {
            mapping.index![key] = mapping.pairs.count - 1
        } else if mapping.pairs.count > MappingBuilder.linearSearchLimit {
            var built: [String: Int] = [:]
            for (i, pair) in mapping.pairs.enumerated() { built[pair.key] = i }
            mapping.index = built
        }
    }

    /// Returns the finished mapping, dropping its key offsets from the stack.
    mutating func finish(_ mapping: consuming MappingBuilder) -> YAMLNode {
        keyOffsetStack.removeLast(keyOffsetStack.count - mapping.base)
        return .mapping(mapping.pairs)
    }

    /// Takes a finished sequence's items, which start at `base`, off the item stack.
    mutating func finishSequence(from base: Int) -> YAMLNode {
        let items = Array(itemStack[base...])
        itemStack.removeLast(itemStack.count - base)
        return .sequence(items)
    }
}
