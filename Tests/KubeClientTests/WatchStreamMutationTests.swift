import Foundation
import KubeClient
import KubeAPI
import Testing

/// A bounded, seeded mutation run over the watch-stream parser (line splitter + event
/// decoding): whatever bytes the API server (or a proxy in between) sends, the parser
/// returns events or typed errors and never crashes.
@Suite struct WatchStreamMutationTests {
    static let seeds: [String] = [
        #"{"type":"ADDED","object":{"metadata":{"name":"a","namespace":"ns","resourceVersion":"5"},"spec":{"size":1}}}"#,
        #"{"type":"MODIFIED","object":{"metadata":{"name":"a","namespace":"ns","resourceVersion":"6"},"type":"x"}}"#,
        #"{"type":"DELETED","object":{"metadata":{"name":"a","namespace":"ns","resourceVersion":"7"}}}"#,
        #"{"type":"BOOKMARK","object":{"kind":"Widget","metadata":{"resourceVersion":"8"}}}"#,
        #"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}"#,
    ]

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("Every seed decodes to the event it describes")
    func seedsDecode() throws {
        let decoder = JSONDecoder()
        var kinds: [String] = []
        for line in Self.seeds {
            switch try WatchChange<Widget>.decode(line: Array(line.utf8), decoder: decoder, request: "test") {
            case .added: kinds.append("added")
            case .modified: kinds.append("modified")
            case .deleted: kinds.append("deleted")
            case .bookmark(let rv): kinds.append("bookmark \(rv)")
            case .error(let code, _, _): kinds.append("error \(code)")
            case .undecodable: kinds.append("undecodable")
            }
        }
        #expect(kinds == ["added", "modified", "deleted", "bookmark 8", "error 410"])
    }

    @Test("Mutated streams give events or typed errors, never a crash", arguments: 0..<8)
    func mutatedStreams(seed: UInt64) {
        var rng = SplitMix(state: seed)
        let decoder = JSONDecoder()
        let interesting: [UInt8] = Array("{}[]\",:0\n\r\\u".utf8) + [0, 0xFF, 0xC3]
        for _ in 0..<250 {
            var stream = Array(Self.seeds.shuffled(using: &rng).joined(separator: "\n").utf8)
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let i = Int.random(in: 0..<stream.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: stream[i] = interesting.randomElement(using: &rng)!
                case 1: stream.remove(at: i)
                case 2: stream.insert(interesting.randomElement(using: &rng)!, at: i)
                default: stream[i] = UInt8.random(in: 0...255, using: &rng)
                }
                if stream.isEmpty { stream = [10] }
            }
            var splitter = LineSplitter(maximumLineLength: 4096)
            var cut = 0
            while cut < stream.count {
                let next = min(stream.count, cut + Int.random(in: 1...64, using: &rng))
                try? splitter.append(Array(stream[cut..<next])) { line in
                    _ = try? WatchChange<Widget>.decode(line: line, decoder: decoder, request: "fuzz")
                }
                cut = next
            }
            if let tail = splitter.finish() { _ = try? WatchChange<Widget>.decode(line: tail, decoder: decoder, request: "fuzz") }
        }
    }
}
