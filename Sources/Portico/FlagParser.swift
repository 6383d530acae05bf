/// Walks `--flag value` and `--flag=value` arguments; a tiny hand-written parser (no
/// ArgumentParser: the project takes no package dependencies).
struct FlagParser {
    private let arguments: [String]
    private var index = 0
    let command: String

    init(_ arguments: [String], command: String) {
        self.arguments = arguments
        self.command = command
    }

    /// The next flag name (with its leading dashes) and an inline `=value` if it had one.
    mutating func nextFlag() throws(CLIError) -> (name: String, inlineValue: String?)? {
        guard index < arguments.count else { return nil }
        let arg = arguments[index]
        index += 1
        guard arg.hasPrefix("-") else {
            throw CLIError(message: "unexpected argument \"\(arg)\" for 'portico \(command)' (flags start with --)")
        }
        if let eq = arg.firstIndex(of: "=") {
            return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
        }
        return (arg, nil)
    }

    /// The flag's value: the inline one, or the next argument.
    mutating func value(for flag: String, inline: String?, expected: String) throws(CLIError) -> String {
        if let inline { return inline }
        guard index < arguments.count else { throw .missingValue(flag, expected: expected) }
        let v = arguments[index]
        index += 1
        return v
    }
}

/// Value parsers shared by the commands.
enum FlagValue {
    /// `10`, `10s`, `1.5s`, `250ms` → nanoseconds; a bare number is seconds.
    static func duration(_ flag: String, _ text: String) throws(CLIError) -> Int64 {
        var number = Substring(text)
        var scale = 1_000_000_000.0
        if number.hasSuffix("ms") { number = number.dropLast(2); scale = 1_000_000 } else if number.hasSuffix("s") { number = number.dropLast() }
        guard let v = Double(number), v >= 0, v.isFinite, v * scale < 9e18 else {
            throw .invalidValue(flag, text, expected: "a duration such as 30, 30s or 500ms")
        }
        return Int64(v * scale)
    }

    static func positiveInt(_ flag: String, _ text: String) throws(CLIError) -> Int {
        guard let v = Int(text), v > 0 else { throw .invalidValue(flag, text, expected: "a positive whole number") }
        return v
    }
}
