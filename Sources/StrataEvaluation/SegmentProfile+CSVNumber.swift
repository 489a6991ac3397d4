import Foundation

extension SegmentProfile {
    /// `value` as C's `%.17g` (17 significant digits: the Double reads back exactly). Formatted
    /// with `vsnprintf` into a stack buffer: `String(format:)` goes through Foundation's string
    /// formatting and cost more than the profile's statistics (a profile writes segments × features × 5 numbers).
    static func csvNumber(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress!, 48, "%.17g", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }
}
