/// Writes bytes into raw memory with one bounds check per piece (heads are built straight
/// into a connection's buffer: no Array growth or uniqueness checks per field).
struct ByteWriter {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var count = 0
    /// Set when a write did not fit; the content is then incomplete and must not be used.
    private(set) var overflowed = false

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    @inline(__always)
    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0 else { return }
        guard count + n <= capacity else { overflowed = true; return }
        (base + count).copyMemory(from: bytes.baseAddress!, byteCount: n)
        count += n
    }

    @inline(__always)
    mutating func write(_ s: StaticString) {
        write(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func write(_ byte: UInt8) {
        guard count < capacity else { overflowed = true; return }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    mutating func write(_ s: String) {
        var s = s
        s.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    @inline(__always)
    mutating func write(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes into a temporary buffer and returns the bytes (tests and cold paths).
    static func collect(capacity: Int = 1 << 17, _ body: (inout ByteWriter) -> Void) -> [UInt8] {
        let p = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { p.deallocate() }
        var w = ByteWriter(base: p, capacity: capacity)
        body(&w)
        return Array(UnsafeRawBufferPointer(start: p, count: w.count))
    }
}
