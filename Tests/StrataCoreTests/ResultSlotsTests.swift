import Dispatch
import Testing
import StrataCore

/// The slots are filled from many threads at once: under `swift test --sanitize thread` the
/// former array-backed slots reported a race here (a modifying access of the whole array per write).
@Suite struct ResultSlotsTests {
    @Test func concurrentWritersEachKeepTheirOwnSlot() {
        for _ in 0..<20 {
            let slots = ResultSlots<[Int]>(count: 64)
            DispatchQueue.concurrentPerform(iterations: 64) { i in slots[i] = Array(repeating: i, count: 100 + i) }
            let values = slots.values()
            #expect(values.map(\.first) == (0..<64).map { Optional($0) })
            #expect(values.map(\.count) == (0..<64).map { 100 + $0 })
        }
    }

    @Test func mapChunksReturnsChunksInOrderOnTwoThreads() {
        let serial = Parallel.withThreadCount(1) { Parallel.mapChunks(count: 100_000, minimumChunk: 1000) { $0.lowerBound } }
        let parallel = Parallel.withThreadCount(2) { Parallel.mapChunks(count: 100_000, minimumChunk: 1000) { $0.lowerBound } }
        #expect(serial == parallel)
        #expect(serial == (0..<Parallel.chunkCount(count: 100_000, minimumChunk: 1000)).map { 100_000 * $0 / 64 })
    }

    @Test func unwrittenSlotsReadAsNil() {
        let slots = ResultSlots<String>(count: 3)
        slots[1] = "b"
        #expect(slots[0] == nil && slots[1] == "b" && slots[2] == nil)
    }
}
