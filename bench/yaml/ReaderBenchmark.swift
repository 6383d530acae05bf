// Measures the YAML reader on a generated stream of Ingress manifests.
// Run: bench/yaml/run.sh [COUNT]   (release build, compiled with Sources/YAML/*.swift)

import Glibc

/// One Ingress in the shape `kubectl` users write, numbered so every document differs.
func ingress(_ i: Int) -> String {
    """
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: web-\(i)
      namespace: team-\(i % 50)
      labels: {app: web-\(i), tier: "frontend"}
      annotations:
        nginx.ingress.kubernetes.io/rewrite-target: /$2
        portico.io/rate-limit: "100"
        portico.io/cors-allow-origin: "https://web-\(i).example.com, https://admin.example.com"
        description: >-
          Routes the public web site and its API for team \(i % 50),
          with TLS terminated at the edge.
    spec:
      ingressClassName: portico
      tls:
      - hosts:
          - web-\(i).example.com
        secretName: web-\(i)-tls
      rules:
      - host: web-\(i).example.com
        http:
          paths:
          - path: /api(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service:
                name: api-\(i)
                port:
                  number: 8080
          - path: /
            pathType: Prefix
            backend:
              service:
                name: frontend-\(i)
                port:
                  name: http

    """
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@main
struct ReaderBenchmark {
    static func main() throws {
        let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
        var text = ""
        text.reserveCapacity(count * 1_000)
        for i in 0..<count { text += ingress(i) }
        let megabytes = Double(text.utf8.count) / 1_048_576
        var best = Double.infinity
        var documents = 0
        for _ in 0..<5 {
            let start = now()
            let parsed = try YAMLReader.documents(from: text)
            best = min(best, now() - start)
            // Freeing the tree is not part of reading it.
            documents = parsed.count
        }
        let rate = megabytes / best
        let tenths = Int((megabytes * 10).rounded())
        print("read \(documents) Ingress documents (\(tenths / 10).\(tenths % 10) MB): best of 5 \(Int(best * 1000)) ms, \(Int(rate)) MB/s")
    }
}
