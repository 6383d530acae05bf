#if canImport(Glibc)
import Glibc
#endif

/// A byte buffer owned by one connection and reused for its whole life: bytes live in
/// `[readerIndex, writerIndex)`; reads from a socket append after `writerIndex`.
///
/// Storage is allocated on first use and can be released while a connection idles, so an
/// idle keep-alive connection costs no buffer memory (as nginx frees its buffers).
public final class IOBuffer {
    // Every connection keeps its buffers' headers for life, so they are kept small: the
    // capacity is the pool's, the indices 32-bit (40 bytes, where Int indices and a stored
    // capacity made 56).

    /// Start of storage, nil while released.
    public private(set) var base: UnsafeMutableRawPointer?
    /// Where storage comes from and goes back to (a private, keep-nothing pool for
    /// buffers made with just a capacity).
    @usableFromInline let pool: BufferPool
    @usableFromInline var reader: Int32 = 0
    @usableFromInline var writer: Int32 = 0

    /// The size storage is allocated with.
    @inlinable public var capacity: Int { pool.capacity }
    /// First unread byte.
    @inlinable public var readerIndex: Int {
        get { Int(reader) }
        set { reader = Int32(truncatingIfNeeded: newValue) }
    }
    /// One past the last written byte.
    @inlinable public var writerIndex: Int {
        get { Int(writer) }
        set { writer = Int32(truncatingIfNeeded: newValue) }
    }

    public init(capacity: Int) {
        precondition(capacity > 0 && capacity <= Int(Int32.max))
        pool = BufferPool(capacity: capacity, maxFree: 0)
    }

    /// A buffer whose storage comes from (and returns to) a loop's pool.
    public init(pool: BufferPool) {
        precondition(pool.capacity <= Int(Int32.max))
        self.pool = pool
    }

    deinit {
        if let base { pool.give(base) }
    }

    /// Bytes waiting to be consumed.
    @inlinable public var readableCount: Int { Int(writer &- reader) }
    /// Whether nothing waits to be consumed.
    @inlinable public var isEmpty: Bool { writer == reader }
    /// Room left after `writerIndex` (after compacting, the most one read can take).
    @inlinable public var writableCount: Int { capacity - writerIndex }
    /// Whether the buffer is full from reader to end of storage (backpressure).
    public var isFull: Bool { reader == 0 && writerIndex == capacity }

    /// The unread bytes (valid until the next mutation).
    public var readableBytes: UnsafeRawBufferPointer {
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + readerIndex, count: readableCount)
    }

    /// Marks `n` bytes as consumed; resets indices when the buffer empties.
    @inlinable
    public func consume(_ n: Int) {
        reader &+= Int32(truncatingIfNeeded: n)
        assert(reader <= writer)
        if reader == writer { reader = 0; writer = 0 }
    }

    /// Drops everything unread.
    public func clear() { reader = 0; writer = 0 }

    /// Frees storage if nothing is unread (idle connections keep no buffer).
    public func releaseIfEmpty() {
        guard isEmpty, let b = base else { return }
        pool.give(b)
        base = nil
    }

    @usableFromInline
    func storage() -> UnsafeMutableRawPointer {
        if let base { return base }
        let b = pool.take()
        base = b
        return b
    }

    /// Moves unread bytes to the front so a read can use the whole tail.
    public func compact() {
        guard readerIndex > 0, let base else { return }
        let n = readableCount
        if n > 0 { memmove(base, base + readerIndex, n) }
        readerIndex = 0
        writerIndex = n
    }

    /// Lets `body` write straight into the free tail (compacted first): it gets the start and
    /// the room, and returns how many bytes it wrote (at most the room).
    @inlinable
    public func withWritableTail(_ body: (UnsafeMutableRawPointer, Int) -> Int) {
        compact()
        let start = storage() + writerIndex
        let n = body(start, capacity - writerIndex)
        precondition(n >= 0 && n <= capacity - writerIndex)
        writerIndex += n
    }

    /// Appends bytes; returns how many fit.
    @discardableResult
    public func append(_ bytes: UnsafeRawBufferPointer) -> Int {
        if writableCount < bytes.count { compact() }
        let n = min(bytes.count, writableCount)
        guard n > 0, let src = bytes.baseAddress else { return 0 }
        (storage() + writerIndex).copyMemory(from: src, byteCount: n)
        writerIndex += n
        return n
    }

    /// Appends an array's bytes; returns how many fit.
    @discardableResult
    public func append(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { append($0) }
    }

    /// One read(2) from `fd` into the free tail. `.processed(0)` means end of stream;
    /// callers check `writableCount > 0` first (a full buffer is backpressure, not EOF).
    public func read(from fd: Int32) throws(IOError) -> IOResult<Int> {
        if writerIndex == capacity { compact() }
        let room = capacity - writerIndex
        precondition(room > 0, "read into a full buffer")
        let r = try Syscall.read(fd, storage() + writerIndex, room)
        if case .processed(let n) = r { writerIndex += n }
        return r
    }

    /// One write(2) of the unread bytes to `fd`, consuming what the kernel took.
    public func write(to fd: Int32) throws(IOError) -> IOResult<Int> {
        guard let base, readableCount > 0 else { return .processed(0) }
        let r = try Syscall.write(fd, base + readerIndex, readableCount)
        if case .processed(let n) = r { consume(n) }
        return r
    }
}
