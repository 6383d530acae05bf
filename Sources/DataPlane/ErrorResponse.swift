/// Short plain-text responses the proxy writes itself (errors, admin, redirects).
public enum ErrorResponse {
    /// The reason phrase for the statuses the proxy produces.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 417: "Expectation Failed"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }

    /// A complete response: status line, content type and length, request id, optional
    /// `Connection: close`, and the body (omitted for HEAD, length kept).
    public static func make(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8],
                            requestID: String?, close: Bool, headOnly: Bool = false, keepAliveHeader: Bool = false) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason(status))\r\ncontent-type: \(contentType)\r\ncontent-length: \(body.count)\r\n"
        if let requestID { head += "x-request-id: \(requestID)\r\n" }
        if close { head += "connection: close\r\n" } else if keepAliveHeader { head += "connection: keep-alive\r\n" }
        head += "\r\n"
        var out = Array(head.utf8)
        if !headOnly { out += body }
        return out
    }

    /// The error page: one line naming the status and the request id, so a user can quote it.
    public static func error(status: Int, message: String, requestID: String?, close: Bool, headOnly: Bool = false) -> [UInt8] {
        var text = "\(status) \(reason(status)): \(message)"
        if let requestID { text += " (request id \(requestID))" }
        text += "\n"
        return make(status: status, body: Array(text.utf8), requestID: requestID, close: close, headOnly: headOnly)
    }
}
