// The `portico` command: CLI parsing and wiring, the one place Controller and DataPlane meet.
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())

func run() -> Int32 {
    guard let command = arguments.first else {
        note(Commands.topHelp)
        return 2
    }
    let rest = Array(arguments.dropFirst())
    do throws(CLIError) {
        switch command {
        case "--help", "-h", "help":
            print(Commands.topHelp, terminator: "")
            print(ServeOptions.helpText)
            print(CheckOptions.helpText)
            print(EchoOptions.helpText, terminator: "")
            return 0
        case "serve":
            let o = try ServeOptions.parse(rest)
            if o.help { print(ServeOptions.helpText, terminator: ""); return 0 }
            return Commands.serve(o)
        case "check":
            let o = try CheckOptions.parse(rest)
            if o.help { print(CheckOptions.helpText, terminator: ""); return 0 }
            return Commands.check(o)
        case "--version", "version":
            print("portico \(Version.current)")
            return 0
        case "echo":
            let o = try EchoOptions.parse(rest)
            if o.help { print(EchoOptions.helpText, terminator: ""); return 0 }
            return Commands.echo(o)
        default:
            note("portico: unknown command \"\(command)\"\n\n" + Commands.topHelp)
            return 2
        }
    } catch {
        note("portico: \(error.message)")
        return 2
    }
}

exit(run())
