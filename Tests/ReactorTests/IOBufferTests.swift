import Testing
@testable import Reactor

@Test func appendedBytesAreReadableAndConsumedInOrder() {
    let b = IOBuffer(capacity: 8)
    #expect(b.append([1, 2, 3, 4, 5]) == 5)
    #expect(Array(b.readableBytes) == [1, 2, 3, 4, 5])
    b.consume(2)
    #expect(Array(b.readableBytes) == [3, 4, 5])
    #expect(b.append([6, 7, 8, 9, 10, 11]) == 5, "compaction makes room for exactly five more")
    #expect(Array(b.readableBytes) == [3, 4, 5, 6, 7, 8, 9, 10])
    #expect(b.isFull)
    b.consume(8)
    #expect(b.isEmpty && b.readerIndex == 0 && b.writerIndex == 0)
}

@Test func anEmptyBufferReleasesItsStorageAndReallocatesOnDemand() {
    let b = IOBuffer(capacity: 16)
    b.append([1])
    b.releaseIfEmpty()
    #expect(b.base != nil, "unread bytes keep the storage")
    b.consume(1)
    b.releaseIfEmpty()
    #expect(b.base == nil)
    b.append([2, 3])
    #expect(Array(b.readableBytes) == [2, 3])
}
