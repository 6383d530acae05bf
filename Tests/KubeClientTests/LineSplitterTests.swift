import KubeClient
import Testing

@Suite struct LineSplitterTests {
    static let stream = Array("{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}\n".utf8)

    @Test("Every split point of a stream yields the same lines", arguments: 0...stream.count)
    func everySplitPointYieldsTheSameLines(split: Int) throws {
        var splitter = LineSplitter()
        var lines: [String] = []
        try splitter.append(Array(Self.stream[..<split])) { lines.append(String(decoding: $0, as: UTF8.self)) }
        try splitter.append(Array(Self.stream[split...])) { lines.append(String(decoding: $0, as: UTF8.self)) }
        #expect(lines == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(splitter.finish() == nil)
    }

    @Test("Byte-at-a-time feeding yields the same lines")
    func byteAtATime() throws {
        var splitter = LineSplitter()
        var count = 0
        for b in Self.stream { try splitter.append([b]) { _ in count += 1 } }
        #expect(count == 3)
    }

    @Test("An unterminated final line is returned by finish")
    func unterminatedTail() throws {
        var splitter = LineSplitter()
        try splitter.append(Array("x\ny".utf8)) { _ in }
        #expect(splitter.finish() == Array("y".utf8))
    }

    @Test("A line longer than the limit throws instead of growing without bound")
    func overlongLineThrows() {
        var splitter = LineSplitter(maximumLineLength: 8)
        #expect(throws: LineTooLong.self) { try splitter.append(Array("0123456789".utf8)) { _ in } }
    }
}

@Suite struct BackoffTests {
    @Test("The ceiling doubles per attempt and stops at the maximum",
          arguments: [(0, 100), (1, 200), (2, 400), (3, 800), (4, 1000), (30, 1000), (1000, 1000)])
    func ceilingDoublesAndCaps(attempt: Int, milliseconds: Int) {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(1000))
        #expect(backoff.ceiling(attempt: attempt) == .milliseconds(milliseconds))
    }

    @Test("Jitter keeps the delay between half the ceiling and the ceiling", arguments: [0.0, 0.5, 1.0, -3, 7])
    func jitterStaysInRange(unit: Double) {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(1000))
        let d = backoff.delay(attempt: 2, unit: unit)
        #expect(d >= .milliseconds(200) && d <= .milliseconds(400))
    }
}
