import Controller
import Reconciler

/// `portico check DIR`: the dry run before `kubectl apply`. Builds the snapshot a folder
/// would serve, prints the routing table and every warning, and exits 1 when a file
/// does not load or a route is broken.
struct CheckOptions {
    var directory: String?
    var routes = RouteSourceOptions()
    var json = false
    var help = false

    static let helpText = """
        Usage: portico check DIR [flags]

        Prints the routing table Portico would serve from a folder of manifests (host, path,
        type, backend, endpoints, TLS secret) and every warning; exits 1 when a file fails to
        load or a route is broken, 0 otherwise.

        Flags:
          --json                                  print the snapshot as JSON instead of a table
          --ingress-class NAME                    as for 'portico serve'
          --controller-name NAME                  as for 'portico serve'
          --default-backend NS/SVC:PORT           as for 'portico serve'
          --default-ssl-certificate NS/NAME       as for 'portico serve'

        """

    static func parse(_ arguments: [String]) throws(CLIError) -> CheckOptions {
        var o = CheckOptions()
        var rest: [String] = []
        for a in arguments {
            if !a.hasPrefix("-") && o.directory == nil && (rest.last.map { !Self.takesValue($0) } ?? true) {
                o.directory = a
            } else {
                rest.append(a)
            }
        }
        var p = FlagParser(rest, command: "check")
        while let (name, inline) = try p.nextFlag() {
            switch name {
            case "--help", "-h": o.help = true
            case "--json": o.json = true
            default:
                guard try o.routes.apply(name, inline, &p) else { throw .unknownFlag(name, command: "check") }
            }
        }
        if o.directory == nil && !o.help {
            throw CLIError(message: "portico check needs a folder of manifests: portico check DIR")
        }
        return o
    }

    private static func takesValue(_ flag: String) -> Bool {
        !flag.contains("=") && RouteSourceOptions.flags.contains { $0.name == flag && !$0.value.isEmpty }
    }
}

extension Commands {
    static func check(_ o: CheckOptions) -> Int32 {
        guard let dir = o.directory else { return 2 }
        guard isDirectory(dir) else {
            note("portico check: \(dir): not a readable folder")
            return 2
        }
        let report = ManifestFolder.check(dir, options: o.routes.builderOptions(validator: RouteSource.certificateValidator))
        print(o.json ? SnapshotJSON.render(report.snapshot) : report.renderText(), terminator: "")
        if o.json {
            for e in report.loadErrors { note("error: \(e)") }
            for w in report.warnings { note("warning: \(w)") }
        }
        return report.hasErrors ? 1 : 0
    }
}
