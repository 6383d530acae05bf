// The `portico` command: CLI parsing and wiring, the one place Controller and DataPlane meet.
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
print("portico: not wired yet; arguments: \(arguments)")
exit(2)
