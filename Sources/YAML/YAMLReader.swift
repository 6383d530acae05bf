/// Reads YAML streams (and JSON, a subset of YAML) into `YAMLNode` documents.
public enum YAMLReader {
    /// Parses a stream of documents separated by `---`; empty documents are dropped.
    public static func documents(from text: String) throws(YAMLError) -> [YAMLNode] {
        // Placeholder until the YAML reader lands (owned by the yaml branch).
        throw YAMLError(line: 1, column: 1, message: "YAML reader not implemented yet")
    }
}
