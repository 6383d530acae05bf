/// The memory a head parser reuses from one head to the next (its field table and the copy
/// of the head's bytes), taken out of an idle parser so a pool can lend it to a busy one.
/// Only the arrays' capacity matters; their contents are stale.
public struct HeadParserStorage: Sendable {
    var fields: [HTTPField]
    var bytes: [UInt8]

    /// Whether there is any capacity to reuse.
    var isEmpty: Bool { fields.capacity == 0 && bytes.capacity == 0 }
}

extension HeadLineScanner {
    /// Whether the scanner holds reusable capacity.
    var holdsStorage: Bool { fields.capacity != 0 || storage.capacity != 0 }

    /// Hands out the field table and byte storage, leaving the scanner reset and holding
    /// none. Storage that grew for a rare large head is let go instead of being pooled.
    mutating func releaseStorage() -> HeadParserStorage? {
        // Moved out as they are: emptying them here would copy if a head still shares them;
        // `adoptStorage` empties them once they are someone else's again.
        let s = HeadParserStorage(fields: fields, bytes: storage)
        fields = []
        storage = []
        reset()
        if s.isEmpty || s.bytes.capacity > 16384 || s.fields.capacity > 256 { return nil }
        return s
    }

    /// Takes storage to reuse (replacing any the scanner holds).
    mutating func adoptStorage(_ s: HeadParserStorage) {
        fields = s.fields
        storage = s.bytes
        fields.removeAll(keepingCapacity: true)
    }
}

extension RequestHeadParser {
    /// Whether the parser holds storage from an earlier head (or an adopted one).
    public var holdsStorage: Bool { lines.holdsStorage }

    /// Between heads (nothing of the next one fed yet): resets the parser and hands out its
    /// storage for a pool, nil when it has none worth keeping. The parser still works
    /// afterwards; its next head allocates unless it adopts storage first.
    public mutating func releaseStorage() -> HeadParserStorage? {
        failure = nil
        firstSpace = -1
        secondSpace = -1
        spaceScan = 0
        return lines.releaseStorage()
    }

    /// Before a head: reuses `storage` (from `releaseStorage()` of this or another parser).
    public mutating func adoptStorage(_ storage: HeadParserStorage) {
        lines.adoptStorage(storage)
    }
}
