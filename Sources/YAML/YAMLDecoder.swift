/// Decodes `Decodable` values from `YAMLNode`s, with errors that name the field path.
///
/// Scalars are strict, as in the Kubernetes API: an `Int` field takes an integer, a `String`
/// field takes a string only (a YAML `80` into a `String` field is an error; quote it).
/// `Double` fields also take integers. A missing key or `null` decodes as `nil` for an
/// optional field. Unknown keys are ignored. For int-or-string fields, decode `Int` first
/// from a `singleValueContainer()` and fall back to `String`.
public struct YAMLDecoder: Sendable {
    /// Values handed to `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// Decodes `type` from a parsed node.
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws(YAMLDecodingError) -> T {
        do {
            return try NodeDecoder(node: node, codingPath: [], userInfo: userInfo).decodeValue(T.self)
        } catch let error as YAMLDecodingError {
            throw error
        } catch let error as DecodingError {
            throw YAMLDecodingError(error)
        } catch {
            throw YAMLDecodingError(kind: .invalidValue, path: "", message: String(describing: error))
        }
    }

    /// Decodes `type` from YAML (or JSON) text holding one document.
    /// Throws `YAMLError` for text that is not valid YAML, `YAMLDecodingError` (with the
    /// line and column of the offending value) for a value that does not fit `type`.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        var parser = try YAMLParser(text: text)
        parser.sourceMap = SourceMapRecorder()
        let nodes = try parser.parseStream()
        guard nodes.count <= 1 else {
            throw parser.error("expected a single YAML document, but a second one starts here", at: parser.documentStarts[1])
        }
        guard let node = nodes.first else { return try decode(type, from: YAMLNode.null) }
        do {
            return try decode(type, from: node)
        } catch {
            var located = error
            located.location = parser.sourceMaps[0].location(of: error.path)
            throw located
        }
    }

    /// Decodes every document of a stream as `type`.
    /// Throws `YAMLError` or `YAMLDecodingError` (its path prefixed with the document number,
    /// with the line and column of the offending value).
    public func decodeDocuments<T: Decodable>(_ type: T.Type, from text: String) throws -> [T] {
        let documents = try YAMLReader.documentsWithSourceMaps(from: text)
        var values: [T] = []
        values.reserveCapacity(documents.count)
        for (i, document) in documents.enumerated() {
            do {
                values.append(try decode(type, from: document.node))
            } catch {
                throw YAMLDecodingError(kind: error.kind, path: "document \(i + 1)" + (error.path.isEmpty ? "" : " " + error.path),
                                        message: error.message, location: document.sourceMap.location(of: error.path))
            }
        }
        return values
    }
}

/// The `Decoder` over one node; containers hand a new one to each nested value.
struct NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let userInfoValues: [CodingUserInfoKey: any Sendable]

    init(node: YAMLNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.codingPath = codingPath
        self.userInfoValues = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { userInfoValues }

    /// Decodes a value here; `YAMLNode` itself is handed over as is.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == YAMLNode.self { return node as! T }
        return try T(from: self)
    }

    /// A decoder for a child value at `key`.
    func child(_ node: YAMLNode, key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key], userInfo: userInfoValues)
    }

    func mismatch(expected: String) -> YAMLDecodingError {
        YAMLDecodingError(kind: node == .null ? .nullValue : .typeMismatch,
                          path: YAMLDecodingError.describe(codingPath),
                          message: "expected \(expected), found \(node.kindDescription)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let pairs) = node else { throw mismatch(expected: "a mapping") }
        return KeyedDecodingContainer(MappingContainer<Key>(decoder: self, pairs: pairs))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node else { throw mismatch(expected: "a sequence") }
        return SequenceContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ScalarContainer(decoder: self)
    }
}
