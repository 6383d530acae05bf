import Reactor

/// Options of `portico echo`.
struct EchoOptions {
    var listen = SocketAddress.v4(address: 0x0100007F, port: 9001)
    var name = "echo"
    var workers = 1
    var help = false

    static let helpText = """
        Usage: portico echo [flags]

        A test backend: answers every request with JSON describing it (method, path, query,
        headers, body size, name); reads bodies of any size; echoes bytes after an Upgrade.

        Flags:
          --listen ADDR      address to listen on (default 127.0.0.1:9001)
          --name NAME        name reported in every answer (default echo)
          --workers N        event-loop threads (default 1)
          --help             show this help

        """

    static func parse(_ arguments: [String]) throws(CLIError) -> EchoOptions {
        var o = EchoOptions()
        var p = FlagParser(arguments, command: "echo")
        while let (name, inline) = try p.nextFlag() {
            switch name {
            case "--help", "-h": o.help = true
            case "--listen": o.listen = try ServeOptions.address(name, try p.value(for: name, inline: inline, expected: "host:port"))
            case "--name": o.name = try p.value(for: name, inline: inline, expected: "a name")
            case "--workers": o.workers = try FlagValue.positiveInt(name, try p.value(for: name, inline: inline, expected: "a number"))
            default: throw .unknownFlag(name, command: "echo")
            }
        }
        return o
    }
}
