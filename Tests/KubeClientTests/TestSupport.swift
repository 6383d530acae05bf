import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Synchronization

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
/// The default is generous because a
/// loaded 2-core CI machine can delay a change by more than the one second the product
/// targets; the latency itself is measured by `bench/kube-latency.sh`, not asserted here.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

/// Records what an informer delivers, as short strings (`added ns/name`).
final class EventLog<Object: KubeObject>: Sendable {
    private let entries = Mutex<[String]>([])

    var all: [String] { entries.withLock { $0 } }

    func clear() { entries.withLock { $0.removeAll() } }

    var handler: @Sendable (InformerEvent<Object>) -> Void {
        { [self] event in
            let line: String
            switch event {
            case .added(let o): line = "added \(o.key)"
            case .updated(_, let o): line = "updated \(o.key)"
            case .deleted(let o): line = "deleted \(o.key)"
            case .synced: line = "synced"
            }
            entries.withLock { $0.append(line) }
        }
    }
}

/// A fast back-off for tests, so retries happen within the tests' time limits.
let testBackoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))

func makeClient(_ server: FakeAPIServer, token: String? = nil) -> KubeClient {
    KubeClient(connection: KubeConnection(server: server.url, token: token.map { BearerTokenSource(token: $0) },
                                          requestTimeout: .seconds(5), connectTimeout: .seconds(1)))
}

/// A started server that stops itself when the test ends.
func withServer<R>(token: String? = nil, _ body: (FakeAPIServer) throws -> R) throws -> R {
    let server = FakeAPIServer(expectedToken: token)
    try server.start()
    defer { server.stop() }
    return try body(server)
}

/// The KubeClientError `body` throws, or nil if it succeeds (or throws something else).
func kubeError(_ body: () throws -> Void) -> KubeClientError? {
    do { try body(); return nil } catch let error as KubeClientError { return error } catch { return nil }
}
