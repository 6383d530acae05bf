// libFuzzer harness for the TLS byte transformer and the certificate loader: whatever a
// client sends, and whatever a Secret holds, must end in a result value, never a crash,
// hang or leak. The first byte picks the mode:
//   0: the bytes are a client's flight, fed to a server session in chunks (sizes from the input);
//   1: the bytes are a Secret (tls.crt / tls.key split at the first 0xFF) for the validator
//      and the context loader;
//   2: the bytes are a server's answer to a real ClientHello, fed to a client session.
// Built by fuzz/run.sh with Sources/TLS/*.swift in this module (Routing linked beside it).
import Routing

nonisolated(unsafe) var fuzzContext: TLSServerContext? = nil
nonisolated(unsafe) var fuzzClient: TLSClientContext? = nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    if fuzzContext == nil {
        fuzzContext = try! TLSServerContext()
        fuzzClient = try! TLSClientContext()
    }
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    var plaintext: [UInt8] = []
    var output: [UInt8] = []
    switch data[0] % 3 {
    case 0:
        let session = try! TLSServerSession(context: fuzzContext!)
        var offset = 0
        var chunk = 1
        while offset < input.count {
            let end = min(offset + chunk, input.count)
            let event = session.receive(ciphertext: UnsafeRawBufferPointer(rebasing: input[offset..<end]),
                                        plaintext: &plaintext, output: &output)
            if event.failure != nil { break }
            chunk = chunk * 3 + 1
            offset = end
        }
    case 1:
        let bytes = Array(input)
        let split = bytes.firstIndex(of: 0xFF) ?? bytes.count
        let certificate = Array(bytes[..<split])
        let key = split < bytes.count ? Array(bytes[(split + 1)...]) : []
        _ = TLSCertificateValidator.validatePair(certificatePEM: certificate, privateKeyPEM: key)
        let table = TLSTable(exact: ["fuzz.example": TLSCertificate(
            secret: ObjectRef(kind: "Secret", namespace: "fuzz", name: "fuzz"),
            certificatePEM: certificate, privateKeyPEM: key, notAfter: 0)])
        _ = fuzzContext!.update(table: table)
    default:
        let session = try! TLSClientSession(context: fuzzClient!, serverName: "fuzz.example")
        _ = session.handshake()
        session.takeCiphertext(into: &output)
        _ = session.receive(ciphertext: input, plaintext: &plaintext, output: &output)
    }
    return 0
}
