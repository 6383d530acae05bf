/// A YAML document that cannot be read, with the 1-based line and column where it went wrong.
public struct YAMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line of the offending character.
    public var line: Int
    /// 1-based column of the offending character.
    public var column: Int
    /// What is wrong and, where it helps, what is allowed.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
