/// One slot per concurrent iteration; each iteration writes only its own slot.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(i: Int) -> T? {
        get { slots[i] }
        set { slots.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }
}
