import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Testing

@Suite struct KubeClientRequestTests {
    @Test("A paginated list follows continue tokens and returns every object")
    func paginatedList() throws {
        try withServer { server in
            for i in 0..<7 { server.store.apply(Widget("ns", "w\(i)")) }
            let list = try makeClient(server).listAll(Widget.self, options: ListOptions(limit: 3))
            #expect(list.items.map(\.metadata.name) == (0..<7).map { "w\($0)" })
            #expect(list.metadata.resourceVersion != nil)
            #expect(server.requests.filter { $0.query["continue"] != nil }.count == 2)
        }
    }

    @Test("A list limited to a namespace and a field selector returns only matches")
    func namespaceAndFieldSelector() throws {
        try withServer { server in
            server.store.apply(Widget("a", "tls", type: "kubernetes.io/tls"))
            server.store.apply(Widget("a", "opaque", type: "Opaque"))
            server.store.apply(Widget("b", "tls", type: "kubernetes.io/tls"))
            let list = try makeClient(server).listAll(Widget.self, namespace: "a",
                                                      options: ListOptions(fieldSelector: "type=kubernetes.io/tls"))
            #expect(list.items.map(\.key) == ["a/tls"])
        }
    }

    @Test("A wrong bearer token gets a typed 401")
    func wrongTokenIs401() throws {
        try withServer(token: "right") { server in
            #expect(throws: KubeClientError.self) { try makeClient(server, token: "wrong").listAll(Widget.self) }
            #expect(kubeError { _ = try makeClient(server, token: "wrong").listAll(Widget.self) }?.status == 401)
            _ = try makeClient(server, token: "right").listAll(Widget.self)
        }
    }

    @Test("Create, get, conditional replace and merge patch of status behave like the API server")
    func writes() throws {
        try withServer { server in
            let client = makeClient(server)
            let created = try client.create(Widget("ns", "w"))
            #expect(created.metadata.resourceVersion != nil)
            #expect(kubeError { _ = try client.create(Widget("ns", "w")) }?.isConflict == true)

            var stale = created
            var fresh = try client.get(Widget.self, namespace: "ns", name: "w")
            fresh.spec = .init(size: 5)
            fresh = try client.replace(fresh)
            stale.spec = .init(size: 9)
            #expect(kubeError { _ = try client.replace(stale) }?.isConflict == true)

            let patched = try client.mergePatch(Widget.self, namespace: "ns", name: "w", subresource: "status",
                                                patch: Array(#"{"status":{"phase":"Ready"}}"#.utf8))
            #expect(patched.status?.phase == "Ready")
            #expect(patched.spec?.size == 5)
            #expect(kubeError { _ = try client.get(Widget.self, namespace: "ns", name: "missing") }?.isNotFound == true)
        }
    }

    @Test("Nothing listening is a transport error, not a crash")
    func connectionRefused() throws {
        let server = FakeAPIServer()
        try server.start()
        server.stop()
        #expect(kubeError { _ = try makeClient(server).listAll(Widget.self) }?.kind == .transport)
    }

    @Test("A rotated token file is read again and the next request carries the new token")
    func tokenRotation() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tok-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "first".write(toFile: path, atomically: true, encoding: .utf8)
        try withServer(token: "first") { server in
            let client = KubeClient(connection: KubeConnection(server: server.url, token: BearerTokenSource(file: path)))
            _ = try client.listAll(Widget.self)
            try "second-token".write(toFile: path, atomically: true, encoding: .utf8)
            server.expectedToken = "second-token"
            _ = try client.listAll(Widget.self)
            #expect(server.requests.compactMap(\.authorization) == ["Bearer first", "Bearer second-token"])
        }
    }

    @Test("A watch delivers events and ends routinely at the server-side timeout")
    func watchEndsAtTimeout() throws {
        try withServer { server in
            let client = makeClient(server)
            let rv = try client.listAll(Widget.self).metadata.resourceVersion
            server.store.apply(Widget("ns", "a"))
            var names: [String] = []
            try client.watch(Widget.self, resourceVersion: rv, timeoutSeconds: 1) { change in
                if case .added(let w) = change { names.append(w.metadata.name) }
            }
            #expect(names == ["a"])
        }
    }

    @Test("A watch from a compacted resourceVersion gets an ERROR event with code 410")
    func compactedWatchGets410Event() throws {
        try withServer { server in
            let client = makeClient(server)
            server.store.apply(Widget("ns", "a"))
            server.store.compact()
            var codes: [Int] = []
            try client.watch(Widget.self, resourceVersion: "1", timeoutSeconds: 1) { change in
                if case .error(let code, _, _) = change { codes.append(code) }
            }
            #expect(codes == [410])
        }
    }

    @Test("Cancelling a watch from another thread ends it promptly")
    func cancelWatch() throws {
        try withServer { server in
            let client = makeClient(server)
            let cancellation = RequestCancellation()
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { cancellation.cancel() }
            let start = ContinuousClock.now
            let error = kubeError {
                try client.watch(Widget.self, resourceVersion: nil, timeoutSeconds: 30, cancellation: cancellation) { _ in }
            }
            #expect(error?.kind == .cancelled)
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }
}
