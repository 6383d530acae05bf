/// A command-line mistake, with a message that says what is allowed.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    static func unknownFlag(_ flag: String, command: String) -> CLIError {
        CLIError(message: "unknown flag \(flag) for 'portico \(command)' (see 'portico \(command) --help')")
    }
    static func missingValue(_ flag: String, expected: String) -> CLIError {
        CLIError(message: "flag \(flag) needs a value: \(expected)")
    }
    static func invalidValue(_ flag: String, _ value: String, expected: String) -> CLIError {
        CLIError(message: "invalid value \"\(value)\" for \(flag): expected \(expected)")
    }
}
