/// Where each document of a YAML stream starts, so decode errors (which the YAML values
/// do not locate) can still name a line: the first line of the document's content.
///
/// Documents are separated by `---` (or ended by `...`) at the start of a line; content
/// inside a document never starts a line with those markers (YAML 1.2 section 9.1.1
/// forbids it, and block scalars are indented). A segment with nothing but blank lines,
/// comments and directives is empty, as the reader drops it. The result is used only when
/// its count agrees with the reader's, so a disagreement costs the line, never a wrong one.
enum DocumentLines {
    /// 1-based first content line of each non-empty document, or nil when the count of
    /// documents found differs from `documentCount`.
    static func starts(in text: String, documentCount: Int) -> [Int]? {
        var starts: [Int] = []
        var current: Int?  // first content line of the open document
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if isMarker(line, "---") || isMarker(line, "...") {
                if let c = current { starts.append(c) }
                current = nil
                // `--- value` puts content on the marker line itself.
                let rest = line.dropFirst(3).drop { $0 == " " || $0 == "\t" }
                if line.hasPrefix("---"), !rest.isEmpty, !rest.hasPrefix("#") { current = lineNumber }
                continue
            }
            if current == nil && isContent(line) { current = lineNumber }
        }
        if let c = current { starts.append(c) }
        return starts.count == documentCount ? starts : nil
    }

    private static func isMarker(_ line: Substring, _ marker: String) -> Bool {
        guard line.hasPrefix(marker) else { return false }
        let next = line.dropFirst(3).first
        return next == nil || next == " " || next == "\t"
    }

    private static func isContent(_ line: Substring) -> Bool {
        let t = line.drop { $0 == " " || $0 == "\t" }
        return !t.isEmpty && !t.hasPrefix("#") && !line.hasPrefix("%")
    }
}
