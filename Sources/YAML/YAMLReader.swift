/// Reads YAML streams (and JSON, a subset of YAML) into `YAMLNode` documents.
///
/// Supported: the block, flow and scalar forms Kubernetes manifests, kubeconfig files and
/// Helm values use, under the YAML 1.2 core schema. Anchors, aliases, tags, complex keys and
/// merge keys are refused with an error that says so, never read as a different value.
public enum YAMLReader {
    /// Parses a stream of documents separated by `---`; empty documents are dropped.
    public static func documents(from text: String) throws(YAMLError) -> [YAMLNode] {
        var parser = try YAMLParser(text: text)
        return try parser.parseStream()
    }

    /// Parses a stream like `documents(from:)`, also recording where each value starts, so
    /// that errors found later (decoding, validation) can name a line. Slower; use it when the
    /// locations will be shown to a user.
    public static func documentsWithSourceMaps(from text: String) throws(YAMLError) -> [YAMLDocument] {
        var parser = try YAMLParser(text: text)
        parser.sourceMap = SourceMapRecorder()
        let nodes = try parser.parseStream()
        return zip(nodes, parser.sourceMaps).map { YAMLDocument(node: $0, sourceMap: $1) }
    }

    /// Parses a stream that must hold exactly one document (an empty stream is `.null`),
    /// such as a kubeconfig file.
    public static func document(from text: String) throws(YAMLError) -> YAMLNode {
        var parser = try YAMLParser(text: text)
        let documents = try parser.parseStream()
        guard documents.count <= 1 else {
            throw parser.error("expected a single YAML document, but a second one starts here", at: parser.documentStarts[1])
        }
        return documents.first ?? .null
    }
}
