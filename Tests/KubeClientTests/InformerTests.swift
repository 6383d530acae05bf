import FakeKubeAPI
import Foundation
import KubeAPI
import KubeClient
import Testing

@Suite struct InformerTests {
    func makeInformer(_ server: FakeAPIServer, _ log: EventLog<Widget>,
                      configuration: Informer<Widget>.Configuration = .init(pageSize: 2, backoff: testBackoff)) -> Informer<Widget> {
        Informer(client: makeClient(server), configuration: configuration, handler: log.handler)
    }

    @Test("The first list fills the store and reports synced once")
    func initialSync() throws {
        try withServer { server in
            for i in 0..<5 { server.store.apply(Widget("ns", "w\(i)")) }
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            #expect(informer.objects.count == 5)
            #expect(log.all == (0..<5).map { "added ns/w\($0)" } + ["synced"])
        }
    }

    @Test("Adds, updates and deletes reach the store within a second")
    func changesReachTheStore() throws {
        try withServer { server in
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            server.store.apply(Widget("ns", "a", size: 1))
            #expect(eventually { informer.object(forKey: "ns/a")?.spec?.size == 1 })
            server.store.apply(Widget("ns", "a", size: 2))
            #expect(eventually { informer.object(forKey: "ns/a")?.spec?.size == 2 })
            server.store.delete(Widget.self, namespace: "ns", name: "a")
            #expect(eventually { informer.object(forKey: "ns/a") == nil })
            #expect(log.all == ["synced", "added ns/a", "updated ns/a", "deleted ns/a"])
        }
    }

    @Test("A cut watch stream resumes from the last resourceVersion without a relist")
    func cutStreamResumes() throws {
        try withServer { server in
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            server.store.apply(Widget("ns", "before"))
            #expect(eventually { informer.object(forKey: "ns/before") != nil })
            let collection = FakeAPIStore.collection(Widget.self)
            for round in 0..<3 {
                server.store.cutWatches()
                server.store.apply(Widget("ns", "after\(round)"))
                #expect(eventually { informer.object(forKey: "ns/after\(round)") != nil })
            }
            #expect(server.listCount(collection) == 1)
            #expect(server.watchCount(collection) >= 4)
            #expect(log.all.filter { $0.hasPrefix("added") }.count == 4)
            #expect(informer.statistics.lists == 1)
        }
    }

    @Test("Bookmarks advance the resourceVersion a resumed watch starts from")
    func bookmarksAdvance() throws {
        try withServer { server in
            server.bookmarkInterval = 0.05
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            // Changes to another kind move the global resourceVersion; only bookmarks tell us.
            server.store.apply(Gizmo("g"))
            let target = server.store.locked { server.store.resourceVersion }
            #expect(eventually { Int(informer.resourceVersion ?? "") ?? 0 >= target })
            #expect(informer.statistics.bookmarks > 0)
        }
    }

    @Test("410 Gone forces a relist that delivers what changed meanwhile, none lost and none twice")
    func goneForcesRelist() throws {
        try withServer { server in
            for name in ["keep", "change", "remove"] { server.store.apply(Widget("ns", name)) }
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            log.clear()

            // While the informer cannot watch, history moves on and is compacted away.
            server.stop()
            server.store.apply(Widget("ns", "change", size: 7))
            server.store.delete(Widget.self, namespace: "ns", name: "remove")
            server.store.apply(Widget("ns", "new"))
            server.store.compact()
            try server.restart()

            #expect(eventually(timeout: .seconds(3)) { informer.object(forKey: "ns/new") != nil && informer.object(forKey: "ns/remove") == nil })
            #expect(informer.statistics.relistsAfterGone == 1)
            #expect(Set(log.all) == ["updated ns/change", "deleted ns/remove", "added ns/new"])
            #expect(log.all.count == 3)
            #expect(informer.object(forKey: "ns/change")?.spec?.size == 7)
            #expect(informer.objects.count == 3)
        }
    }

    @Test("After a 3 s outage the informer reconnects and applies changes made after the return")
    func survivesOutage() throws {
        try withServer { server in
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced && informer.isConnected })
            server.stop()
            #expect(eventually(timeout: .seconds(2)) { !informer.isConnected })
            usleep(3_000_000)
            try server.restart()
            server.store.apply(Widget("ns", "back"))
            #expect(eventually(timeout: .seconds(2)) { informer.object(forKey: "ns/back") != nil })
            #expect(informer.isConnected)
            #expect(informer.statistics.lists == 1)
        }
    }

    @Test("A namespace and field selector limit what the informer sees")
    func scopedInformer() throws {
        try withServer { server in
            server.store.apply(Widget("a", "tls", type: "kubernetes.io/tls"))
            server.store.apply(Widget("a", "opaque", type: "Opaque"))
            server.store.apply(Widget("b", "tls", type: "kubernetes.io/tls"))
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log, configuration: .init(
                namespace: "a", options: ListOptions(fieldSelector: "type=kubernetes.io/tls"), backoff: testBackoff))
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            server.store.apply(Widget("a", "tls2", type: "kubernetes.io/tls"))
            server.store.apply(Widget("b", "tls2", type: "kubernetes.io/tls"))
            server.store.apply(Widget("a", "opaque2", type: "Opaque"))
            #expect(eventually { informer.object(forKey: "a/tls2") != nil })
            usleep(100_000)
            #expect(Set(informer.objects.map(\.key)) == ["a/tls", "a/tls2"])
        }
    }

    @Test("A cluster-scoped kind is watched without a namespace in the path")
    func clusterScoped() throws {
        try withServer { server in
            server.store.apply(Gizmo("one"))
            let informer = Informer<Gizmo>(client: makeClient(server), configuration: .init(namespace: "ignored", backoff: testBackoff))
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.object(forKey: "one") != nil })
            #expect(server.requests.allSatisfy { !$0.path.contains("namespaces") })
        }
    }

    @Test("A server-side watch timeout is routine: the watch reopens without a relist or error")
    func serverTimeoutIsRoutine() throws {
        try withServer { server in
            let informer = Informer<Widget>(client: makeClient(server),
                                            configuration: .init(watchTimeoutSeconds: 1, backoff: testBackoff))
            informer.start()
            defer { informer.stop() }
            let collection = FakeAPIStore.collection(Widget.self)
            #expect(eventually(timeout: .seconds(4)) { server.watchCount(collection) >= 3 })
            server.store.apply(Widget("ns", "late"))
            #expect(eventually { informer.object(forKey: "ns/late") != nil })
            #expect(informer.statistics.failures == 0)
            #expect(server.listCount(collection) == 1)
        }
    }

    @Test("An object that does not decode is skipped in lists and watches; the rest sync and keep flowing")
    func undecodableObjectsAreSkipped() throws {
        try withServer { server in
            let collection = FakeAPIStore.collection(Widget.self)
            server.store.apply(Widget("ns", "good"))
            _ = server.store.locked {
                server.store.putLocked(collection: collection, object: [
                    "metadata": ["name": "bad", "namespace": "ns"], "spec": ["size": "not a number"]])
            }
            let log = EventLog<Widget>()
            let informer = makeInformer(server, log)
            informer.start()
            defer { informer.stop() }
            #expect(eventually { informer.hasSynced })
            #expect(informer.objects.map(\.key) == ["ns/good"])
            _ = server.store.locked {
                server.store.putLocked(collection: collection, object: [
                    "metadata": ["name": "bad2", "namespace": "ns"], "spec": ["size": ["nested"]]])
            }
            server.store.apply(Widget("ns", "after"))
            #expect(eventually { informer.object(forKey: "ns/after") != nil })
            #expect(informer.statistics.undecodable == 2)
            #expect(informer.statistics.lists == 1)
        }
    }
}
