import DataPlane
import Reactor
import Telemetry
import TLS

/// Options of `portico serve`, parsed from flags; extend by adding a `Flag` and a case in
/// `apply` (e.g. `--manifests`, `--kubeconfig`, TLS flags).
struct ServeOptions {
    var proxy = ServeOptions.defaultProxy
    /// `--upstream`: publish a catch-all snapshot to these endpoints (until manifests mode).
    var upstreams: [SocketAddress] = []
    /// Where routes come from and how they are built.
    var routes = RouteSourceOptions()
    /// `--log-level`: controller and startup logs on stderr.
    var logLevel = LogLevel.info
    /// `--echo-backends`: run echo servers on the manifests' loopback endpoints (demos).
    var echoBackends = false
    var help = false

    /// The data plane's defaults, with HTTPS on 0.0.0.0:8443 (the chart maps 443 to it).
    static var defaultProxy: ProxyConfiguration {
        var c = ProxyConfiguration()
        c.httpsListen = .v4(address: 0, port: 8443)
        return c
    }

    /// One flag's name, value placeholder and help line.
    struct Flag {
        var name: String
        var value: String
        var help: String
    }

    static let flags: [Flag] = [
        Flag(name: "--http-listen", value: "ADDR", help: "address for client HTTP traffic (default 0.0.0.0:8080)"),
        Flag(name: "--https-listen", value: "ADDR", help: "address for client HTTPS traffic; 'off' disables (default 0.0.0.0:8443)"),
        Flag(name: "--tls-handshake-timeout", value: "DUR", help: "time from accept to a finished TLS handshake (default 10s, at most --client-header-timeout)"),
        Flag(name: "--tls-min-version", value: "1.2|1.3", help: "oldest TLS version accepted on --https-listen (default 1.2)"),
        Flag(name: "--admin-listen", value: "ADDR", help: "address for /healthz, /readyz, /metrics; 'off' disables (default 127.0.0.1:10254)"),
        Flag(name: "--workers", value: "N", help: "event-loop threads (default: number of cores)"),
        Flag(name: "--access-log", value: "stdout|off", help: "one JSON line per request on stdout (default stdout)"),
        Flag(name: "--trusted-proxies", value: "CIDRS", help: "comma-separated CIDRs whose X-Forwarded-For is believed (default none)"),
        Flag(name: "--max-connections", value: "N", help: "client connections across workers; more are closed at once (default 10000)"),
        Flag(name: "--client-header-timeout", value: "DUR", help: "time to receive a request head (default 10s)"),
        Flag(name: "--keepalive-timeout", value: "DUR", help: "idle time between requests on a client connection (default 60s)"),
        Flag(name: "--upstream-connect-timeout", value: "DUR", help: "time to connect to an endpoint (default 5s)"),
        Flag(name: "--upstream-response-timeout", value: "DUR", help: "time for the endpoint's response head (default 60s)"),
        Flag(name: "--idle-timeout", value: "DUR", help: "time without progress while a body streams (default 60s)"),
        Flag(name: "--drain-timeout", value: "DUR", help: "time in-flight requests get after SIGTERM (default 30s)"),
        Flag(name: "--max-header-bytes", value: "N", help: "largest request head accepted, else 431 (default 32768)"),
        Flag(name: "--max-field-bytes", value: "N", help: "largest single header field, else 431 (default 16384)"),
        Flag(name: "--upstream", value: "ADDR[,ADDR...]", help: "route every request to these endpoints (catch-all snapshot)"),
        Flag(name: "--echo-backends", value: "", help: "with --manifests: start echo backends on the loopback endpoints it names (quickstart)"),
        Flag(name: "--log-level", value: "LEVEL", help: "trace, debug, info, warning or error (default info)"),
        Flag(name: "--help", value: "", help: "show this help"),
    ] + RouteSourceOptions.flags

    static var helpText: String {
        var s = "Usage: portico serve [flags]\n\nRuns the proxy. Durations take seconds or an ms/s suffix (30, 30s, 500ms).\n\nFlags:\n"
        for f in flags {
            let left = f.value.isEmpty ? f.name : "\(f.name) \(f.value)"
            s += "  " + left.padding(toLength: 40) + f.help + "\n"
        }
        return s
    }

    static func parse(_ arguments: [String]) throws(CLIError) -> ServeOptions {
        var o = ServeOptions()
        var p = FlagParser(arguments, command: "serve")
        while let (name, inline) = try p.nextFlag() {
            try o.apply(name, inline, &p)
        }
        return o
    }

    private mutating func apply(_ name: String, _ inline: String?, _ p: inout FlagParser) throws(CLIError) {
        func value(_ expected: String) throws(CLIError) -> String { try p.value(for: name, inline: inline, expected: expected) }
        switch name {
        case "--help", "-h":
            help = true
        case "--http-listen":
            proxy.httpListen = try Self.address(name, try value("host:port"))
        case "--https-listen":
            let v = try value("host:port or off")
            proxy.httpsListen = v == "off" ? nil : try Self.address(name, v)
        case "--tls-handshake-timeout":
            proxy.tls.handshakeTimeoutMilliseconds = Int(try FlagValue.duration(name, try value("a duration")) / 1_000_000)
        case "--tls-min-version":
            let v = try value("1.2 or 1.3")
            switch v {
            case "1.2": proxy.tls.minimumVersion = .tls1_2
            case "1.3": proxy.tls.minimumVersion = .tls1_3
            default: throw .invalidValue(name, v, expected: "1.2 or 1.3 (TLS 1.0 and 1.1 are deprecated by RFC 8996)")
            }
        case "--admin-listen":
            let v = try value("host:port or off")
            proxy.adminListen = v == "off" ? nil : try Self.address(name, v)
        case "--workers":
            proxy.workers = try FlagValue.positiveInt(name, try value("a positive number"))
        case "--access-log":
            let v = try value("stdout or off")
            switch v {
            case "stdout": proxy.accessLog = true
            case "off": proxy.accessLog = false
            default: throw .invalidValue(name, v, expected: "stdout or off")
            }
        case "--trusted-proxies":
            let v = try value("CIDRs such as 10.0.0.0/8,192.168.0.0/16")
            var list: [CIDR] = []
            for part in v.split(separator: ",") where !part.isEmpty {
                do { list.append(try CIDR(parsing: String(part))) } catch {
                    throw .invalidValue(name, String(part), expected: "a CIDR such as 10.0.0.0/8 or ::1/128")
                }
            }
            proxy.trustedProxies = list
        case "--max-connections":
            proxy.maxConnections = try FlagValue.positiveInt(name, try value("a positive number"))
        case "--client-header-timeout": proxy.clientHeaderTimeout = try FlagValue.duration(name, try value("a duration"))
        case "--keepalive-timeout": proxy.keepaliveTimeout = try FlagValue.duration(name, try value("a duration"))
        case "--upstream-connect-timeout": proxy.upstreamConnectTimeout = try FlagValue.duration(name, try value("a duration"))
        case "--upstream-response-timeout": proxy.upstreamResponseTimeout = try FlagValue.duration(name, try value("a duration"))
        case "--idle-timeout": proxy.idleTimeout = try FlagValue.duration(name, try value("a duration"))
        case "--drain-timeout": proxy.drainTimeout = try FlagValue.duration(name, try value("a duration"))
        case "--max-header-bytes":
            let n = try FlagValue.positiveInt(name, try value("a number of bytes"))
            guard n >= 1024, n <= 1 << 20 else { throw .invalidValue(name, String(n), expected: "1024 to 1048576") }
            proxy.maxHeaderBytes = n
        case "--max-field-bytes":
            let n = try FlagValue.positiveInt(name, try value("a number of bytes"))
            guard n >= 256, n <= 1 << 20 else { throw .invalidValue(name, String(n), expected: "256 to 1048576") }
            proxy.maxFieldBytes = n
        case "--upstream":
            let v = try value("host:port[,host:port...]")
            upstreams = []
            for part in v.split(separator: ",") where !part.isEmpty {
                upstreams.append(try Self.address(name, String(part)))
            }
        case "--echo-backends":
            echoBackends = true
        case "--log-level":
            let v = try value("trace, debug, info, warning or error")
            guard let level = LogLevel(name: v) else {
                throw .invalidValue(name, v, expected: "trace, debug, info, warning or error")
            }
            logLevel = level
        default:
            guard try routes.apply(name, inline, &p) else { throw .unknownFlag(name, command: "serve") }
        }
    }

    static func address(_ flag: String, _ text: String) throws(CLIError) -> SocketAddress {
        do { return try SocketAddress(parsing: text) } catch {
            throw CLIError(message: "\(flag): \(error.description)")
        }
    }
}

extension String {
    /// Pads with spaces to `length` (help columns), or adds one space if already longer.
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
