import HTTP1

/// The echo backend's answer: a JSON object describing the request it got.
enum EchoResponse {
    /// `{"name":…,"method":…,"path":…,"query":…,"headers":{…},"body_bytes":n}`; header names
    /// lowercased, repeated fields joined with ", ".
    static func json(_ head: RequestHead, bodyBytes: Int, name: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + head.bytes.count)
        out += Array("{\"name\":".utf8); AccessLog.appendJSONString(&out, name)
        out += Array(",\"method\":".utf8); AccessLog.appendJSONString(&out, head.methodName)
        out += Array(",\"path\":".utf8); AccessLog.appendJSONString(&out, head.path)
        out += Array(",\"query\":".utf8)
        if let q = head.query { AccessLog.appendJSONString(&out, q) } else { out += Array("null".utf8) }
        out += Array(",\"version\":".utf8); AccessLog.appendJSONString(&out, head.version.text)
        out += Array(",\"headers\":{".utf8)
        var names: [String] = []
        var values: [String] = []
        for f in head.fields {
            let n = head.name(of: f).lowercased()
            if let i = names.firstIndex(of: n) { values[i] += ", " + head.value(of: f) } else {
                names.append(n)
                values.append(head.value(of: f))
            }
        }
        for i in names.indices {
            if i > 0 { out.append(0x2C) }
            AccessLog.appendJSONString(&out, names[i])
            out.append(0x3A)
            AccessLog.appendJSONString(&out, values[i])
        }
        out += Array("},\"body_bytes\":\(bodyBytes)}\n".utf8)
        return out
    }
}
