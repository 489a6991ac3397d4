import Foundation
import StrataCore

/// A seeded uniform sample of a recorded embedding with each point's segment, packed for the
/// page: positions as little-endian Float32 (`count × dims`), segments as Int32 (-1 = noise),
/// row numbers as UInt32, each base64-encoded — what the dashboard's WebGL viewer
/// (`S.charts.embedding`) takes as typed arrays.
///
/// ```swift
/// let sample = try ReportEmbedding.sample(embedding: csv, labels: labels, maximum: 50_000, seed: 0)
/// sample.count   // min(50_000, rows)
/// ```
///
/// Sampling is Knuth's selection sampling (Algorithm S): every set of `maximum` rows is equally
/// likely, the rows come out in file order, O(rows) draws and O(maximum) memory.
public struct ReportEmbedding: Codable, Sendable, Hashable {
    /// The component whose `embedding.csv` was read, and the one whose `labels.csv` coloured it.
    public var component: String
    public var labelsComponent: String
    /// Coordinates drawn per point (2 or 3) and the recorded column names.
    public var dims: Int
    public var columns: [String]
    /// Dimensions recorded (more than 3 are drawn as their first 3).
    public var recordedDims: Int
    /// Customers in the embedding, and points sampled.
    public var rows: Int
    public var count: Int
    /// The sample's seed, as text (a UInt64 does not survive JavaScript's numbers).
    public var seed: String
    public var positions: String
    public var segments: String
    public var rowIndex: String
    /// The sampled customers' ids, in sample order.
    public var ids: [String]

    /// Row numbers `0..<rows` of a uniform sample of `min(maximum, rows)` of them, ascending.
    public static func sampleRows(_ rows: Int, maximum: Int, seed: UInt64) -> [Int] {
        guard rows > maximum else { return Array(0..<rows) }
        var generator = SeededGenerator(seed: seed)
        var chosen: [Int] = []
        chosen.reserveCapacity(maximum)
        for row in 0..<rows where chosen.count < maximum {
            // Keep `row` with probability (still needed) / (rows left).
            if generator.nextInt(below: rows - row) < maximum - chosen.count { chosen.append(row) }
        }
        return chosen
    }

    /// Samples `embedding` (id column then coordinates) and colours it with `labels` (one label
    /// per row of the same customers, in the same order). Throws naming the artifact and line
    /// for a row that is not numbers, or ids that do not line up.
    static func sample(embedding: ReportCSV, labels: ReportCSV, segments labelOf: [Int], maximum: Int, seed: UInt64) throws(ReportError) -> ReportEmbedding {
        let recordedDims = embedding.header.count - 1
        guard recordedDims >= 2 else {
            throw ReportError.badArtifact(component: embedding.component, artifact: embedding.artifact, line: 1,
                                          reason: "expected an id column and at least 2 coordinate columns, found \(embedding.header.count) column(s)")
        }
        guard embedding.rowCount == labels.rowCount else {
            throw ReportError.badArtifact(component: embedding.component, artifact: embedding.artifact, line: nil,
                                          reason: "it has \(embedding.rowCount) rows but \(labels.artifact) of component \"\(labels.component)\" has \(labels.rowCount); they must describe the same customers")
        }
        let dims = min(recordedDims, 3)
        let rows = sampleRows(embedding.rowCount, maximum: maximum, seed: seed)
        var positions: [Float] = []
        positions.reserveCapacity(rows.count * dims)
        var ids: [String] = []
        ids.reserveCapacity(rows.count)
        for row in rows {
            let fields = embedding.fields(row)
            guard fields.count == recordedDims + 1 else {
                throw ReportError.badArtifact(component: embedding.component, artifact: embedding.artifact, line: row + 2,
                                              reason: "\(fields.count) fields, the header has \(recordedDims + 1)")
            }
            for column in 1...dims {
                guard let value = Float(fields[column]), value.isFinite else {
                    throw ReportError.badArtifact(component: embedding.component, artifact: embedding.artifact, line: row + 2,
                                                  reason: "column \(column + 1) (\"\(embedding.header[column])\") is \"\(fields[column])\", not a finite number")
                }
                positions.append(value)
            }
            let labelID = labels.fields(row).first ?? ""
            guard labelID == fields[0] else {
                throw ReportError.badArtifact(component: embedding.component, artifact: embedding.artifact, line: row + 2,
                                              reason: "id \"\(fields[0])\" but line \(row + 2) of \(labels.artifact) (component \"\(labels.component)\") has id \"\(labelID)\"; both must list the same customers in the same order")
            }
            ids.append(fields[0])
        }
        return ReportEmbedding(component: embedding.component, labelsComponent: labels.component, dims: dims,
                               columns: Array(embedding.header.dropFirst().prefix(dims)), recordedDims: recordedDims,
                               rows: embedding.rowCount, count: rows.count, seed: String(seed),
                               positions: base64(positions), segments: base64(rows.map { Int32(clamping: labelOf[$0]) }),
                               rowIndex: base64(rows.map { UInt32(clamping: $0) }), ids: ids)
    }

    /// The values' bytes, little-endian, base64-encoded.
    static func base64<T: FixedWidthInteger>(_ values: [T]) -> String {
        values.map(\.littleEndian).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    static func base64(_ values: [Float]) -> String { base64(values.map(\.bitPattern)) }
}
