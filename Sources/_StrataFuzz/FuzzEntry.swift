/// One input format under fuzzing: valid seed inputs and the code that must take any bytes
/// without trapping, hanging or throwing anything but its format's documented error.
///
/// ```swift
/// let entry = FuzzEntry.named("csv")!
/// entry.check(Array("id,a\n1,2\n".utf8))   // .accepted
/// entry.check([0xFF, 0x22])                 // .rejected("…line 1…")
/// ```
/// The libFuzzer harness (Fuzz/Harness, run by Benchmarks/fuzz.sh) and the seeded mutation tests
/// in the suite both go through ``check(_:)``. To fuzz a new format, add an entry to ``all``.
public struct FuzzEntry: Sendable {
    /// What one input did.
    public enum Outcome: Sendable, Equatable {
        /// Parsed (and, where the entry does, used) without error.
        case accepted
        /// Refused with the format's own error; the message a user would see.
        case rejected(String)
        /// Refused with an error of a type the format does not document: a bug to fix.
        case unexpected(String)
    }

    /// Short name, used by `STRATA_FUZZ_ENTRY` and the script.
    public let name: String
    /// Valid inputs that mutations start from.
    public let seeds: @Sendable () throws -> [[UInt8]]
    /// Consumes one input; throws the format's error for a bad one.
    let body: @Sendable ([UInt8]) throws -> Void
    /// Whether a thrown error is one the format documents.
    let isDocumented: @Sendable (any Error) -> Bool
    /// Optional repair applied to a second copy of each input (e.g. re-framing a length prefix)
    /// so mutations reach the structure behind a checksum-like field.
    let repair: (@Sendable ([UInt8]) -> [UInt8]?)?

    public init(name: String, seeds: @escaping @Sendable () throws -> [[UInt8]],
                isDocumented: @escaping @Sendable (any Error) -> Bool,
                repair: (@Sendable ([UInt8]) -> [UInt8]?)? = nil,
                body: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.name = name
        self.seeds = seeds
        self.isDocumented = isDocumented
        self.repair = repair
        self.body = body
    }

    /// Runs the input (and its repaired copy, when the entry has a repair); the worse outcome wins.
    public func check(_ bytes: [UInt8]) -> Outcome {
        let first = run(bytes)
        guard let repair, let fixed = repair(bytes), fixed != bytes else { return first }
        let second = run(fixed)
        if case .unexpected = second { return second }
        if case .unexpected = first { return first }
        return second == .accepted ? second : first
    }

    func run(_ bytes: [UInt8]) -> Outcome {
        do {
            try body(bytes)
            return .accepted
        } catch {
            return isDocumented(error) ? .rejected(String(describing: error)) : .unexpected("\(type(of: error)): \(error)")
        }
    }

    /// Every entry, in the order the fuzz script runs them.
    public static let all: [FuzzEntry] = [.csv, .search, .umapModel, .pcaModel, .segmentationModel]

    /// The entry with this name.
    public static func named(_ name: String) -> FuzzEntry? { all.first { $0.name == name } }
}
