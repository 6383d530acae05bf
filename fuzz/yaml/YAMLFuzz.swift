// libFuzzer harness for the YAML reader: any bytes (read as UTF-8, invalid sequences
// replaced) must either read or fail with a YAMLError at a real position; never crash or hang.
// What reads must survive a round trip through its flow rendering (`description`) unchanged,
// which checks scalar resolution, escaping and folding against the reader itself.
// Built by fuzz/run.sh together with Sources/YAML/*.swift, so it sees internal API directly.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let documents: [YAMLNode]
    do {
        documents = try YAMLReader.documents(from: text)
    } catch {
        let lines = text.utf8.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        precondition(error.line >= 1 && error.line <= lines + 1, "error line out of range: \(error)")
        precondition(error.column >= 1, "error column out of range: \(error)")
        precondition(!error.message.isEmpty, "empty error message")
        return 0
    }
    // Recording a source map must not change what is read.
    guard let mapped = try? YAMLReader.documentsWithSourceMaps(from: text) else {
        preconditionFailure("documentsWithSourceMaps failed where documents succeeded")
    }
    precondition(mapped.map(\.node) == documents, "source-mapped read differs")
    for document in mapped {
        let root = document.sourceMap.location(of: "")
        precondition(root != nil && root!.line >= 1 && root!.column >= 1, "document without a root location")
    }
    for document in documents {
        let rendered = document.description
        let reread: [YAMLNode]
        do {
            reread = try YAMLReader.documents(from: rendered)
        } catch {
            preconditionFailure("rendering of a document does not read back: \(error)\n\(rendered)")
        }
        precondition(reread == [document], "round trip changed the value:\n\(rendered)\n\(reread)")
        // The decoder must not crash on whatever shape it is given either.
        _ = try? YAMLDecoder().decode([String: [String: Int]].self, from: document)
        _ = try? YAMLDecoder().decode([String?].self, from: document)
    }
    return 0
}
