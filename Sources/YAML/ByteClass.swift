// Byte classes the reader tests in its hot loops. Only ASCII bytes carry syntax in YAML,
// so every multi-byte UTF-8 sequence is ordinary text and needs no decoding while scanning.

extension UInt8 {
    static let nul: UInt8 = 0
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
}

/// A space or a tab: YAML's "white" characters (YAML 1.2 §5.5).
@inline(__always) func isBlank(_ c: UInt8) -> Bool { c == .space || c == .tab }

/// A space, a tab, a line break or the end of input (the reader's 0 sentinel).
@inline(__always) func isBlankOrBreak(_ c: UInt8) -> Bool {
    c == .space || c == .tab || c == .lineFeed || c == .nul
}

/// `,` `[` `]` `{` `}`: the characters that end a plain scalar inside a flow collection (§7.4).
@inline(__always) func isFlowIndicator(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
        return true
    default:
        return false
    }
}

@inline(__always) func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
