internal import CCurl
import Foundation

/// One HTTP request to the API server.
struct TransportRequest: Sendable {
    var method: String
    /// Path plus encoded query, e.g. `/api/v1/services?limit=500`.
    var target: String
    var body: [UInt8]?
    var contentType: String?
    /// nil: the connection's request timeout. Watches pass their own limit.
    var timeout: Duration?
    var accept: String = "application/json"
}

/// libcurl easy handles driven through a multi handle so a transfer can be woken and
/// stopped from another thread (`curl_multi_wakeup`) instead of waiting for a timeout.
/// One easy handle per request: the API client makes few requests besides its watches.
struct CurlTransport: Sendable {
    let connection: KubeConnection

    private static let globalInit: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    /// Performs `request`; `onStatus` is called once with the HTTP status when the first
    /// body byte arrives, then `onBody` with every chunk (only for 2xx answers; error
    /// bodies are collected and returned). Returns the status and, for non-2xx, the body.
    func perform(_ request: TransportRequest, cancellation: RequestCancellation?,
                 onHeaders: ((Int) -> Void)? = nil,
                 onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) throws(KubeClientError) -> (status: Int, errorBody: [UInt8]) {
        let label = "\(request.method) \(request.target.split(separator: "?").first ?? "")"
        _ = Self.globalInit
        if cancellation?.isCancelled == true {
            throw KubeClientError(kind: .cancelled, message: "cancelled", request: label)
        }
        guard let easy = curl_easy_init() else {
            throw KubeClientError(kind: .transport, message: "curl_easy_init failed", request: label)
        }
        defer { curl_easy_cleanup(easy) }

        var headers: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headers) }
        headers = curl_slist_append(headers, "Accept: \(request.accept)")
        headers = curl_slist_append(headers, "User-Agent: portico")
        if let type = request.contentType { headers = curl_slist_append(headers, "Content-Type: \(type)") }
        if let source = connection.token {
            let token: String
            do { token = try source.current() } catch {
                throw KubeClientError(kind: .credentials, message: error.description, request: label)
            }
            if !token.isEmpty { headers = curl_slist_append(headers, "Authorization: Bearer \(token)") }
        }
        // No `Expect: 100-continue` round trip for small JSON bodies.
        headers = curl_slist_append(headers, "Expect:")

        let url = connection.server + request.target
        ccurl_setopt_string(easy, CURLOPT_URL, url)
        ccurl_setopt_ptr(easy, CURLOPT_HTTPHEADER, headers)
        ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
        ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connection.connectTimeout))
        ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout ?? connection.requestTimeout))
        // Redirects are never part of the API; following one could leak the token.
        ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        if connection.insecureSkipTLSVerify {
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        } else {
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        }
        if let ca = connection.certificateAuthority {
            ca.withUnsafeBytes { _ = ccurl_setopt_blob(easy, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) }
        }
        if let cert = connection.clientCertificate {
            ccurl_setopt_string(easy, CURLOPT_SSLCERTTYPE, "PEM")
            cert.withUnsafeBytes { _ = ccurl_setopt_blob(easy, CURLOPT_SSLCERT_BLOB, $0.baseAddress, $0.count) }
        }
        if let key = connection.clientKey {
            ccurl_setopt_string(easy, CURLOPT_SSLKEYTYPE, "PEM")
            key.withUnsafeBytes { _ = ccurl_setopt_blob(easy, CURLOPT_SSLKEY_BLOB, $0.baseAddress, $0.count) }
        }

        let sink = ResponseSink(easy: easy, onHeaders: onHeaders, onBody: onBody)
        let sinkPointer = Unmanaged.passRetained(sink).toOpaque()
        defer { Unmanaged<ResponseSink>.fromOpaque(sinkPointer).release() }
        ccurl_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, user in
            let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            return sink.receive(UnsafeRawBufferPointer(start: data, count: n)) ? n : 0
        }
        ccurl_setopt_ptr(easy, CURLOPT_WRITEDATA, sinkPointer)
        ccurl_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, user in
            let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            sink.header(UnsafeRawBufferPointer(start: data, count: n))
            return n
        }
        ccurl_setopt_ptr(easy, CURLOPT_HEADERDATA, sinkPointer)

        let body = request.body ?? []
        if request.body != nil {
            // POSTFIELDS with an explicit size; COPYPOSTFIELDS keeps libcurl independent of our buffer.
            ccurl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBytes { _ = ccurl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
        }

        let result = Self.run(easy, cancellation: cancellation)
        if let error = sink.callbackError {
            if let e = error as? KubeClientError { throw e }
            throw KubeClientError(kind: .decoding, message: "\(error)", request: label)
        }
        if cancellation?.isCancelled == true {
            throw KubeClientError(kind: .cancelled, message: "cancelled", request: label)
        }
        guard result == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(result))
            throw KubeClientError(kind: .transport, message: "\(text) (\(url))", request: label)
        }
        var status = 0
        ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return (status, sink.errorBody)
    }

    /// Drives one easy handle to completion on a private multi handle, waking up for
    /// cancellation. Returns the transfer's result code.
    private static func run(_ easy: UnsafeMutableRawPointer, cancellation: RequestCancellation?) -> CURLcode {
        guard let multi = curl_multi_init() else { return CURLE_FAILED_INIT }
        let handle = MultiHandle(pointer: multi)
        curl_multi_add_handle(multi, easy)
        defer {
            cancellation?.detach()
            curl_multi_remove_handle(multi, easy)
            curl_multi_cleanup(multi)
        }
        if let cancellation, !cancellation.attach(handle) { return CURLE_ABORTED_BY_CALLBACK }
        var running: Int32 = 1
        var result = CURLE_OK
        while true {
            let code = curl_multi_perform(multi, &running)
            if code != CURLM_OK { return CURLE_SEND_ERROR }
            if ccurl_multi_done_result(multi, &result) == 1 { return result }
            if running == 0 { return result }
            if cancellation?.isCancelled == true { return CURLE_ABORTED_BY_CALLBACK }
            var ready: Int32 = 0
            curl_multi_poll(multi, nil, 0, 1000, &ready)
            if cancellation?.isCancelled == true { return CURLE_ABORTED_BY_CALLBACK }
        }
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
}

/// Receives body bytes on the transfer's thread: 2xx bodies go to the consumer as they
/// arrive, error bodies are collected (they are small Status objects).
/// Confined to the thread running the transfer; libcurl calls back on that thread only.
private final class ResponseSink {
    let easy: UnsafeMutableRawPointer
    let onHeaders: ((Int) -> Void)?
    let onBody: (UnsafeRawBufferPointer) throws -> Void
    var status = -1
    var errorBody: [UInt8] = []
    var callbackError: (any Error)?

    init(easy: UnsafeMutableRawPointer, onHeaders: ((Int) -> Void)?,
         onBody: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.easy = easy
        self.onHeaders = onHeaders
        self.onBody = onBody
    }

    /// A header line; the blank line ends a head (there may be several, e.g. after 100 Continue).
    func header(_ line: UnsafeRawBufferPointer) {
        guard line.count <= 2, line.allSatisfy({ $0 == 13 || $0 == 10 }) else { return }
        var code = 0
        ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        if code >= 200 { onHeaders?(code) }
    }

    /// Returns false to abort the transfer.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if status < 0 {
            var code = 0
            ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        if (200..<300).contains(status) {
            do { try onBody(bytes) } catch {
                callbackError = error
                return false
            }
        } else if errorBody.count < 1 << 20 {
            errorBody.append(contentsOf: bytes)
        }
        return true
    }
}
