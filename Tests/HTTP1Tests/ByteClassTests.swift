@testable import HTTP1
import Testing

@Suite struct ByteClassTests {
    @Test func theTokenSetIsExactlyRFC9110Tchar() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for b in 0...255 { #expect(ASCII.isTokenChar(UInt8(b)) == tchar.contains(UInt8(b)), "byte \(b)") }
    }

    @Test func fieldValueBytesAreVisibleCharactersObsTextSpaceAndTab() {
        for b in 0...255 {
            let expected = b == 0x09 || (b >= 0x20 && b != 0x7F)
            #expect(ASCII.isFieldValueByte(UInt8(b)) == expected, "byte \(b)")
        }
    }

    /// The word-at-a-time scans must agree with a byte loop at every offset and length.
    @Test func wordScansAgreeWithAByteLoop() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<2000 {
            let count = Int(rng.next() % 40)
            let pool: [UInt8] = [0x0A, 0x0D, 0x09, 0x00, 0x7F, 0x20, 0x41, 0x80, 0xFF, 0x1F, 0x0B]
            let bytes = (0..<count).map { _ in rng.next() % 4 == 0 ? pool[Int(rng.next() % UInt64(pool.count))] : 0x61 }
            let from = count == 0 ? 0 : Int(rng.next() % UInt64(count))
            bytes.withUnsafeBytes { b in
                guard let base = b.baseAddress else { return }
                let lf = bytes[from...].firstIndex(of: 0x0A)
                #expect(ASCII.firstLineFeed(base, from: from, end: count) == lf)
                let bad = bytes[from...].firstIndex { !ASCII.isFieldValueByte($0) }
                #expect(ASCII.firstInvalidValueByte(base, from: from, end: count) == bad)
            }
        }
    }
}

/// A small deterministic generator so the test does the same thing every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ByteClassTableTests {
    @Test func regNameBytesAreUnreservedPercentAndSubDelims() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&'()*+,;=".utf8)
        for b in 0...255 { #expect(ASCII.isRegNameByte(UInt8(b)) == allowed.contains(UInt8(b)), "byte \(b)") }
    }

    @Test func targetBytesAreVisibleASCIIExceptTheFragmentMark() {
        for b in 0...255 {
            #expect(ASCII.isTargetByte(UInt8(b)) == (b > 0x20 && b < 0x7F && b != 0x23), "byte \(b)")
        }
    }
}

@Suite struct ValidatedCaseFoldingTests {
    /// The one-instruction case fold must agree with a real ASCII case fold for every byte
    /// a validated name or value can hold, against every character our literals use.
    @Test func foldingValidatedBytesMatchesASCIICaseFolding() {
        let literalChars = Set("abcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for b in 0...255 where ASCII.isTokenChar(UInt8(b)) || ASCII.isFieldValueByte(UInt8(b)) {
            for c in literalChars {
                let folded = (UInt8(b) | 0x20) == (c | 0x20)
                #expect(folded == (ASCII.lower(UInt8(b)) == c), "byte \(b) vs \(c)")
            }
        }
    }
}
