// Reads NUL-separated YAML inputs on stdin and prints one line per input: `OK\t<json>` with
// the documents as JSON (mappings as ordered pair lists, floats tagged), or
// `ERR\t<line>\t<column>\t<message>`. Used by compare.py to check the reader against PyYAML.
// Build: see compare.py (compiled with Sources/YAML/*.swift).

import Glibc

func json(_ node: YAMLNode) -> String {
    switch node {
    case .null: return "null"
    case .bool(let v): return v ? "true" : "false"
    case .int(let v): return String(v)
    case .double(let v): return "{\"$f\": \"\(v)\"}"
    case .string(let v): return quote(v)
    case .sequence(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
    case .mapping(let pairs):
        return "{\"$m\": [" + pairs.map { "[\(quote($0.key)), \(json($0.value))]" }.joined(separator: ", ") + "]}"
    }
}

func quote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default:
            if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0) || u.value == 0x2028 || u.value == 0x2029 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

@main
struct YAMLDump {
    static func main() {
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &buffer, buffer.count)
            if n <= 0 { break }
            input += buffer[0..<n]
        }
        for chunk in input.split(separator: 0, omittingEmptySubsequences: false) {
            let text = String(decoding: chunk, as: UTF8.self)
            do {
                let documents = try YAMLReader.documents(from: text)
                print("OK\t[" + documents.map(json).joined(separator: ", ") + "]")
            } catch {
                print("ERR\t\(error.line)\t\(error.column)\t\(error.message)")
            }
        }
    }
}
