import Dispatch
import Foundation
import StrataCore

/// Generates a realistic, sparse customer table with hidden segments, deterministic for a seed.
///
/// Columns: `id` (`C00000001`, ...), `recency_days`, `frequency` (orders), `monetary` (total
/// spend), `tenure_days`, then `<category>_count` and `<category>_spend` for 24 product
/// categories. Most category cells are zero. Each customer belongs to one of eight segments
/// (``segments``: distinct category mixes, price levels, recency and tenure) or is noise (-1,
/// about 3 %); labels go to a separate CSV (`id,segment`). Per-customer engagement and log-normal
/// jitter make segments overlap: after `log1p` and standard scaling, KMeans / DBSCAN / UMAP find
/// them, but not perfectly.
///
/// ```swift
/// try CustomerGenerator(rows: 1_000_000, seed: 42)
///     .write(to: URL(fileURLWithPath: "customers.csv"), labelsTo: URL(fileURLWithPath: "segments.csv"))
/// let sample = try CustomerGenerator(rows: 5_000, seed: 1).makeTable()   // in memory
/// ```
///
/// Every row draws from its own `SeededGenerator` seeded by `(seed, row)`, so the bytes depend
/// only on the seed and row count, not on threads; rows are formatted in blocks on all cores and
/// written in order (memory: a few blocks, whatever the row count). Complexity O(rows × 24).
public struct CustomerGenerator: Sendable, Hashable, Codable {
    /// Number of customers (1 ... 100,000,000; meant for 1,000 to 5,000,000).
    public var rows: Int
    /// The random seed.
    public var seed: UInt64

    public init(rows: Int, seed: UInt64) {
        self.rows = rows
        self.seed = seed
    }

    /// The feature column names, in file order (after `id`).
    public static var columnNames: [String] {
        ["recency_days", "frequency", "monetary", "tenure_days"]
            + categories.flatMap { ["\($0.name)_count", "\($0.name)_spend"] }
    }

    /// The names of the segments by label.
    public static var segmentNames: [String] { segments.map(\.name) }

    /// The id of a row (0-based): `C` and the 1-based row number, zero-padded to 8 digits.
    public static func id(ofRow row: Int) -> String {
        let digits = String(row + 1)
        return "C" + String(repeating: "0", count: Swift.max(0, 8 - digits.count)) + digits
    }

    /// A generated table held in memory, with the hidden segment of each row.
    public struct Sample: Sendable {
        public let table: FeatureTable
        /// Segment label per row (index into ``CustomerGenerator/segments``; -1 = noise).
        public let segments: [Int]
    }

    func validate() throws(DataError) {
        guard rows >= 1 && rows <= 100_000_000 else {
            throw .invalidArgument("rows must be between 1 and 100,000,000, got \(rows)")
        }
    }

    /// Generates the table in memory (the same values a written file reads back as).
    public func makeTable() throws(DataError) -> Sample {
        try validate()
        let width = Self.columnNames.count
        var values = [Float](repeating: 0, count: rows * width)
        var labels = [Int](repeating: 0, count: rows)
        let model = CustomerModel.shared
        let seed = self.seed
        values.withUnsafeMutableBufferPointer { v in
            labels.withUnsafeMutableBufferPointer { l in
                let vp = SendablePointer(v.baseAddress!)
                let lp = SendablePointer(l.baseAddress!)
                Parallel.forEachChunk(count: rows, minimumChunk: 4096) { _, range in
                    var row = [Double](repeating: 0, count: width)
                    for r in range {
                        lp[r] = model.generate(row: r, seed: seed, into: &row)
                        for c in 0..<width { vp[r * width + c] = Float(row[c]) }
                    }
                }
            }
        }
        let matrix = try! Matrix(rows: rows, columns: width, values: values)
        let table = try! FeatureTable(columnNames: Self.columnNames, ids: (0..<rows).map(Self.id(ofRow:)), matrix: matrix)
        return Sample(table: table, segments: labels)
    }

    /// Streams the table to `url` and, when given, the labels (`id,segment`) to `labelsTo`.
    public func write(to url: URL, labelsTo labelsURL: URL? = nil) throws(DataError) {
        try validate()
        let output = try FileOutput(path: url.path)
        let labelOutput = try labelsURL.map { (u) throws(DataError) in try FileOutput(path: u.path) }
        try output.write(Array((["id"] + Self.columnNames).joined(separator: ",").utf8) + [0x0A])
        try labelOutput?.write(Array("id,segment\n".utf8))
        let model = CustomerModel.shared
        let seed = self.seed
        let width = Self.columnNames.count
        let block = 16_384
        let lanes = Swift.max(2, Parallel.threadCount)
        let withLabels = labelOutput != nil
        var start = 0
        while start < rows {
            let end = Swift.min(rows, start + block * lanes)
            let slices = stride(from: start, to: end, by: block).map { $0..<Swift.min(end, $0 + block) }
            let data = ResultSlots<[UInt8]>(count: slices.count)
            let labelData = ResultSlots<[UInt8]>(count: slices.count)
            Parallel.perform(iterations: slices.count) { i in
                var out = [UInt8]()
                out.reserveCapacity(slices[i].count * 160)
                var labelOut = [UInt8]()
                if withLabels { labelOut.reserveCapacity(slices[i].count * 14) }
                var row = [Double](repeating: 0, count: width)
                for r in slices[i] {
                    let segment = model.generate(row: r, seed: seed, into: &row)
                    let id = Array(Self.id(ofRow: r).utf8)
                    out.append(contentsOf: id)
                    for c in 0..<width {
                        out.append(0x2C)
                        if model.isMoney[c] {
                            CSVFormat.appendFixed(row[c], places: 2, to: &out)
                        } else {
                            CSVFormat.appendInteger(Int(row[c]), to: &out)
                        }
                    }
                    out.append(0x0A)
                    if withLabels {
                        labelOut.append(contentsOf: id)
                        labelOut.append(0x2C)
                        CSVFormat.appendInteger(segment, to: &labelOut)
                        labelOut.append(0x0A)
                    }
                }
                data[i] = out
                labelData[i] = labelOut
            }
            for bytes in data.values() { try output.write(bytes) }
            if let labelOutput { for bytes in labelData.values() { try labelOutput.write(bytes) } }
            start = end
        }
    }
}
