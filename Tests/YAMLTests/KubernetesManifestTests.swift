import Testing
@testable import YAML

/// Real-world shapes: what `portico serve --manifests` and `portico check` read.
@Suite struct KubernetesManifestTests {
    @Test("an Ingress with rules, paths at their key's indentation and TLS reads exactly")
    func ingress() throws {
        let yaml = """
            # An Ingress as kubectl users write it.
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: shop
              annotations:
                nginx.ingress.kubernetes.io/rewrite-target: /$2
                portico.io/rate-limit: "100"
            spec:
              ingressClassName: portico
              tls:
              - hosts:
                  - shop.example.com
                secretName: shop-tls
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /api(/|$)(.*)
                    pathType: ImplementationSpecific
                    backend:
                      service:
                        name: api
                        port:
                          number: 8080
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: frontend
                        port:
                          name: http
            """
        let expected: YAMLNode = [
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": [
                "name": "web", "namespace": "shop",
                "annotations": ["nginx.ingress.kubernetes.io/rewrite-target": "/$2", "portico.io/rate-limit": "100"],
            ],
            "spec": [
                "ingressClassName": "portico",
                "tls": [["hosts": ["shop.example.com"], "secretName": "shop-tls"]],
                "rules": [[
                    "host": "shop.example.com",
                    "http": ["paths": [
                        ["path": "/api(/|$)(.*)", "pathType": "ImplementationSpecific",
                         "backend": ["service": ["name": "api", "port": ["number": 8080]]]],
                        ["path": "/", "pathType": "Prefix",
                         "backend": ["service": ["name": "frontend", "port": ["name": "http"]]]],
                    ]],
                ]],
            ],
        ]
        #expect(try readOne(yaml) == expected)
    }

    @Test("a Deployment with multi-line args, flow command and quoted env values reads exactly")
    func deployment() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: echo
              labels: {app: echo, tier: "backend"}
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: echo
              template:
                metadata:
                  labels:
                    app: echo
                spec:
                  containers:
                    - name: echo
                      image: ghcr.io/example/echo:1.4.2
                      command: ["/bin/echo-server", "--listen=:8080"]
                      args:
                        - --log-level=debug
                        - >-
                          --greeting=hello
                          from echo
                        - |
                          line one
                          line two
                      ports:
                        - containerPort: 8080
                          protocol: TCP
                      env:
                        - name: ENABLED
                          value: "true"
                        - name: TIMEOUT
                          value: '30'
                        - name: EMPTY
                          value: ""
                      resources:
                        limits: {cpu: 500m, memory: 128Mi}
                      readinessProbe:
                        httpGet:
                          path: /healthz
                          port: 8080
                        periodSeconds: 5
            """
        let node = try readOne(yaml)
        let container = node["spec"]?["template"]?["spec"]?["containers"]?[0]
        #expect(container?["command"] == ["/bin/echo-server", "--listen=:8080"])
        #expect(container?["args"] == ["--log-level=debug", "--greeting=hello from echo", "line one\nline two\n"])
        #expect(container?["ports"] == [["containerPort": 8080, "protocol": "TCP"]])
        #expect(container?["env"] == [["name": "ENABLED", "value": "true"], ["name": "TIMEOUT", "value": "30"], ["name": "EMPTY", "value": ""]])
        #expect(container?["resources"] == ["limits": ["cpu": "500m", "memory": "128Mi"]])
        #expect(container?["readinessProbe"]?["periodSeconds"] == 5)
        #expect(node["metadata"]?["labels"] == ["app": "echo", "tier": "backend"])
        #expect(node["spec"]?["replicas"] == 2)
    }

    @Test("a ConfigMap with literal block scalars keeps its file contents byte for byte")
    func configMap() throws {
        let yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: portico-config
            data:
              nginx.conf: |
                server {
                    listen 80;   # comment kept

                    location / { return 200; }
                }
              empty: ""
              script.sh: |-
                #!/bin/sh
                echo "a: b"
              trailing: |+
                keep

            binaryData: {}
            """
        let data = try #require(try readOne(yaml)["data"])
        #expect(data["nginx.conf"] == "server {\n    listen 80;   # comment kept\n\n    location / { return 200; }\n}\n")
        #expect(data["empty"] == "")
        #expect(data["script.sh"] == "#!/bin/sh\necho \"a: b\"")
        #expect(data["trailing"] == "keep\n\n")
    }

    @Test("a kubeconfig file reads exactly")
    func kubeconfig() throws {
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
                server: https://127.0.0.1:6443
              name: kind-portico
            contexts:
            - context:
                cluster: kind-portico
                user: kind-portico
                namespace: default
              name: kind-portico
            current-context: kind-portico
            preferences: {}
            users:
            - name: kind-portico
              user:
                token: abc.def-ghi
                client-certificate-data: null
            """
        let expected: YAMLNode = [
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [[
                "cluster": ["certificate-authority-data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==",
                            "server": "https://127.0.0.1:6443"],
                "name": "kind-portico",
            ]],
            "contexts": [[
                "context": ["cluster": "kind-portico", "user": "kind-portico", "namespace": "default"],
                "name": "kind-portico",
            ]],
            "current-context": "kind-portico",
            "preferences": [:],
            "users": [["name": "kind-portico", "user": ["token": "abc.def-ghi", "client-certificate-data": nil]]],
        ]
        #expect(try readOne(yaml) == expected)
    }

    @Test("a multi-document manifest stream drops empty documents and honours '...'")
    func multiDocumentStream() throws {
        let yaml = """
            ---
            # leading empty document
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: b}
            ...
            ---
            --- # only a comment
            ...
            %YAML 1.2
            ---
            kind: Last
            """
        let documents = try YAMLReader.documents(from: yaml)
        #expect(documents.map { $0["metadata"]?["name"] ?? $0["kind"] } == ["a", "b", "Last"])
    }

    @Test("files joined into one stream may each start with a byte order mark")
    func joinedFilesWithByteOrderMarks() throws {
        let stream = "\u{FEFF}a: 1\n---\n\u{FEFF}b: 2\n\u{FEFF}---\n\u{FEFF}c: 3\n"
        #expect(try YAMLReader.documents(from: stream) == [["a": 1], ["b": 2], ["c": 3]])
    }

    @Test("a document may be a bare scalar or null after an explicit start")
    func scalarDocuments() throws {
        #expect(try YAMLReader.documents(from: "--- a\n--- 1\n--- ~\n---\n") == ["a", 1, nil])
        #expect(try YAMLReader.documents(from: "") == [])
        #expect(try YAMLReader.documents(from: "# only a comment\n\n") == [])
    }
}
