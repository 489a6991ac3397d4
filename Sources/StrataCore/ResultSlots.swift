/// One result slot per concurrent iteration, each iteration writing only its own slot; read
/// after the loop.
///
/// ```swift
/// let sums = ResultSlots<Double>(count: chunks)
/// Parallel.perform(iterations: chunks) { c in sums[c] = partialSum(c) }
/// let total = sums.values().reduce(0, +)
/// ```
///
/// The slots live in memory allocated once, not in an array stored in the object: setting an
/// element of a class's array property is a modifying access of the whole property (a
/// uniqueness check, then the array's reference written back), so threads filling different
/// slots wrote the same word concurrently — a data race ThreadSanitizer reports ("Swift access
/// race"), and had the array ever been shared, each thread would have copied it and slots would
/// have been lost. O(count) memory; O(1) per write.
package final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    package let count: Int

    package init(count: Int) {
        self.count = count
        slots = .allocate(capacity: Swift.max(1, count))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    package subscript(i: Int) -> T? {
        get {
            precondition(i >= 0 && i < count, "result slot \(i) is outside 0..<\(count)")
            return slots[i]
        }
        set {
            precondition(i >= 0 && i < count, "result slot \(i) is outside 0..<\(count)")
            slots[i] = newValue
        }
    }

    /// Every slot's value in order; each slot must have been written.
    package func values() -> [T] { (0..<count).map { slots[$0]! } }
}
