import KubeAPI
import Testing

/// A small deterministic generator (xorshift), so failures reproduce.
private struct Rand {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Int(state % UInt64(n))
    }
}

private let seed = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, annotations: {portico.io/use-regex: "true"}}
spec:
  rules:
    - host: a.test
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}]}
"""

@Test("Mutated manifests never crash the loader: they load or report errors", arguments: 1...8)
func mutatedManifests(round: UInt64) {
    var r = Rand(state: round &* 0x2545_F491_4F6C_DD1D | 1)
    let alphabet = Array(":-[]{}\"'\n #&*!|>,%@`\\\t0aZ".utf8)
    for _ in 0..<150 {
        var bytes = Array(seed.utf8)
        for _ in 0..<(1 + r.next(6)) {
            let at = r.next(bytes.count)
            switch r.next(3) {
            case 0: bytes[at] = alphabet[r.next(alphabet.count)]
            case 1: bytes.remove(at: at)
            default: bytes.insert(alphabet[r.next(alphabet.count)], at: at)
            }
        }
        let result = ManifestLoader().load(text: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        #expect(result.objects.count + result.errors.count + result.ignoredCount >= 0)
    }
}

@Test("Hostile nesting is an error, not a stack overflow", arguments: ["deep.json", "deep.yaml"])
func deepNesting(file: String) {
    let text = file.hasSuffix(".json")
        ? String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        : "a: " + String(repeating: "[", count: 100_000)
    let r = ManifestLoader().load(text: text, file: file)
    #expect(r.objects.isEmpty)
    #expect(r.errors.count == 1)
}
