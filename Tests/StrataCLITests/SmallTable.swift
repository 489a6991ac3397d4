import Foundation
import StrataCore
import StrataData

/// Small seeded tables for the CLI tests, and the in-process reading of what the binary wrote.
enum SmallTable {
    /// `rows` points around `centers` separated centres in `dimensions` columns (`f1…`), ids
    /// `r000…`; every value has four decimals, so the CSV holds it as written.
    static func blobs(rows: Int, dimensions: Int = 4, centers: Int = 3, spread: Double = 1, seed: UInt64 = 7) -> String {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-12))).squareRoot() * cos(2 * .pi * uniform()) }
        var lines = ["id," + (1...dimensions).map { "f\($0)" }.joined(separator: ",")]
        for r in 0..<rows {
            let c = r % centers
            let values = (0..<dimensions).map { j in 6 * Double((c + j) % centers) + spread * normal() }
            lines.append(String(format: "r%03d,", r) + values.map { String(format: "%.4f", $0) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table the binary reads from `path` (header, `id` column) — or what it wrote there.
    static func read(_ path: String) throws -> FeatureTable {
        try CSVReader().read(URL(fileURLWithPath: path))
    }

    /// The `label` column of an `id,label` file, parsed as integers; the ids must be `ids`.
    static func labels(_ path: String, ids: [String]?) throws -> [Int] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        guard lines.first == "id,label" else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
        return try lines.dropFirst().enumerated().map { row, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let label = Int(fields[1]), ids == nil || ids![row] == String(fields[0]) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: "\(path) line \(row + 2): \(line)"])
            }
            return label
        }
    }

    /// The largest absolute difference of two matrices of the same shape (infinity otherwise).
    static func maxDifference(_ a: Matrix, _ b: Matrix) -> Float {
        guard a.rows == b.rows, a.columns == b.columns else { return .infinity }
        return zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
    }

    /// Whether two labelings are the same partition (noise to noise, clusters one to one).
    static func samePartition(_ a: [Int], _ b: [Int]) -> Bool {
        guard a.count == b.count else { return false }
        var forward: [Int: Int] = [:], backward: [Int: Int] = [:]
        for (x, y) in zip(a, b) {
            if (x == -1) != (y == -1) { return false }
            if forward.updateValue(y, forKey: x).map({ $0 != y }) ?? false { return false }
            if backward.updateValue(x, forKey: y).map({ $0 != x }) ?? false { return false }
        }
        return true
    }

    /// The number after `key` in a printed line such as `inertia 12.5  steps 40`.
    static func number(after key: String, in text: String) -> Double? {
        guard let range = text.range(of: key + " ") else { return nil }
        return Double(text[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != "," })
    }
}
