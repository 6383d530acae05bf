/// What request and response heads share: one copy of the head's bytes and a table of
/// field ranges into it, with case-insensitive lookups that never build lowercased copies.
public protocol HTTPMessageHead: Sendable {
    /// The head exactly as received, start line through the blank line.
    var bytes: [UInt8] { get }
    /// The field lines in order, as ranges into `bytes`.
    var fields: [HTTPField] { get }
}

extension HTTPMessageHead {
    /// The name of a field, as received (original case).
    @inlinable
    public func name(of field: HTTPField) -> String {
        String(decoding: bytes[field.name], as: UTF8.self)
    }

    /// The value of a field, without surrounding whitespace.
    @inlinable
    public func value(of field: HTTPField) -> String {
        String(decoding: bytes[field.value], as: UTF8.self)
    }

    /// The index in `fields` of the first field named `name` (any case) at or after `start`.
    @inlinable
    public func firstIndex(ofName name: String, from start: Int = 0) -> Int? {
        var name = name
        return name.withUTF8 { n in
            bytes.withUnsafeBytes { b in
                guard let base = b.baseAddress, let nb = n.baseAddress else { return nil }
                var i = start
                while i < fields.count {
                    let f = fields[i]
                    if Int(f.nameEnd &- f.nameStart) == n.count,
                        ASCII.equalsIgnoringCase(base, Int(f.nameStart), UnsafeRawPointer(nb), 0, n.count)
                    {
                        return i
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// The first value of the field `name` (any case), nil when absent.
    @inlinable
    public func value(forName name: String) -> String? {
        firstIndex(ofName: name).map { value(of: fields[$0]) }
    }

    /// Every value of the field `name` (any case), in order.
    @inlinable
    public func values(forName name: String) -> [String] {
        var result: [String] = []
        var i = 0
        while let found = firstIndex(ofName: name, from: i) {
            result.append(value(of: fields[found]))
            i = found + 1
        }
        return result
    }

    /// Whether a field `name` (any case) is present.
    @inlinable
    public func contains(name: String) -> Bool { firstIndex(ofName: name) != nil }

    /// The connection options listed in every `Connection` field, lowercased
    /// (RFC 9110 §7.6.1).
    public var connectionTokens: [String] {
        var tokens: [String] = []
        bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return }
            for f in fields where ASCII.equalsIgnoringCase(base, Int(f.nameStart), f.name.count, "connection") {
                ListScanner.forEachElement(base, f.value) { s, e in
                    tokens.append(String(decoding: (s..<e).map { ASCII.lower(b[$0]) }, as: UTF8.self))
                }
            }
        }
        return tokens
    }

    /// Whether a `Connection` field lists the given bytes as an option (any case); used by
    /// the hop-by-hop filter without allocating.
    public func connectionListsOption(_ base: UnsafeRawPointer, _ start: Int, _ count: Int) -> Bool {
        bytes.withUnsafeBytes { b in
            guard let headBase = b.baseAddress else { return false }
            for f in fields where ASCII.equalsIgnoringCase(headBase, Int(f.nameStart), f.name.count, "connection") {
                var found = false
                ListScanner.forEachElement(headBase, f.value) { s, e in
                    if e - s == count, ASCII.equalsIgnoringCase(headBase, s, base, start, count) { found = true }
                }
                if found { return true }
            }
            return false
        }
    }
}

/// Walks a comma-separated list value (RFC 9110 §5.6.1), skipping empty elements and
/// the whitespace around each one.
@usableFromInline
enum ListScanner {
    @inlinable
    static func forEachElement(
        _ base: UnsafeRawPointer, _ range: Range<Int>, _ body: (_ start: Int, _ end: Int) -> Void
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            var s = i
            while s < end, ASCII.isWhitespace(base.load(fromByteOffset: s, as: UInt8.self)) { s += 1 }
            var e = s
            while e < end, base.load(fromByteOffset: e, as: UInt8.self) != ASCII.comma { e += 1 }
            let next = e + 1
            while e > s, ASCII.isWhitespace(base.load(fromByteOffset: e - 1, as: UInt8.self)) { e -= 1 }
            if e > s { body(s, e) }
            i = next
        }
    }
}
