/// logfmt encoding (`key=value key2="quoted value"`), the format of Portico's log lines, as
/// read by Loki, Grafana, `humanlog` and Heroku-style tooling.
public enum Logfmt {
    /// Appends ` key=value` with the value quoted when it needs it.
    public static func append(key: String, value: String, to out: inout String) {
        out += " "
        out += sanitizeKey(key)
        out += "="
        appendValue(value, to: &out)
    }

    /// A value is quoted when it is empty or holds a space, `=`, `"`, a backslash or a
    /// control character; inside quotes `"`, `\`, newline, CR and tab are backslash-escaped
    /// and other control characters become `\u{XX}`.
    public static func appendValue(_ value: String, to out: inout String) {
        let needsQuotes = value.isEmpty || value.utf8.contains {
            $0 <= 0x20 || $0 == 0x3D || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F
        }
        guard needsQuotes else { out += value; return }
        out += "\""
        for ch in value.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 || ch.value == 0x7F {
                    out += "\\u{" + String(ch.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        out += "\""
    }

    /// Keys keep `[A-Za-z0-9_.-/]`; anything else becomes `_` so a line always parses.
    public static func sanitizeKey(_ key: String) -> String {
        if key.isEmpty { return "_" }
        let ok = key.utf8.allSatisfy(isKeyByte)
        if ok { return key }
        return String(decoding: key.utf8.map { isKeyByte($0) ? $0 : 0x5F }, as: UTF8.self)
    }

    private static func isKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
            || b == 0x5F || b == 0x2E || b == 0x2D || b == 0x2F
    }
}
