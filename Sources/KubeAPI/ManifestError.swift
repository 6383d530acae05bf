/// A manifest that could not be read: the file, where in it, and why.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as given to the loader.
    public var file: String
    /// 0-based index of the document in a multi-document file; nil when the whole file
    /// failed to parse.
    public var documentIndex: Int?
    /// 1-based line and column of a syntax error, when the parser knows them.
    public var line: Int?
    public var column: Int?
    /// The field inside the document, e.g. `spec.rules[0].http.paths[1].pathType`.
    public var fieldPath: String?
    /// What is wrong and, where it helps, what is allowed.
    public var message: String

    public init(file: String, documentIndex: Int? = nil, line: Int? = nil, column: Int? = nil,
                fieldPath: String? = nil, message: String) {
        self.file = file
        self.documentIndex = documentIndex
        self.line = line
        self.column = column
        self.fieldPath = fieldPath
        self.message = message
    }

    /// `file:line:column: document N: field: message`, leaving out what is unknown.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        if let documentIndex { s += ": document \(documentIndex)" }
        if let fieldPath, !fieldPath.isEmpty { s += ": \(fieldPath)" }
        return s + ": " + message
    }
}
