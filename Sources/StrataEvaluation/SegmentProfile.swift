import Foundation
import StrataCore

/// Who is in each segment: per segment (noise, label `-1`, as its own segment) its size and
/// share, and per original feature the mean, the median, the ratio to the overall mean and the
/// standardized mean difference `(segment mean − overall mean) / overall standard deviation`
/// (sample standard deviation, ddof = 1, as pandas), plus the `topFeatureCount` features with
/// the largest absolute difference.
///
/// ```swift
/// let profile = try SegmentProfile(data: table.matrix, columnNames: table.columnNames, labels: labels)
/// try profile.csv().write(to: url, atomically: true, encoding: .utf8)
/// ```
///
/// Segments are listed by label, noise last. Undefined ratios (overall mean 0) and differences
/// (overall standard deviation 0 or a single row) are nil: empty in CSV, null in JSON.
/// Complexity: O(n d) for the means plus a sort per segment and feature for the medians.
public struct SegmentProfile: Codable, Hashable, Sendable {
    /// One feature within one segment.
    public struct Feature: Codable, Hashable, Sendable {
        public let name: String
        public let mean: Double
        public let median: Double
        public let ratioToOverall: Double?
        public let standardizedDifference: Double?
    }
    /// One segment.
    public struct Segment: Codable, Hashable, Sendable {
        public let label: Int
        public let isNoise: Bool
        public let size: Int
        public let share: Double
        public let features: [Feature]
        /// Names of the most distinguishing features, largest |standardized difference| first.
        public let distinguishing: [String]
    }

    public let rowCount: Int
    public let featureNames: [String]
    public let overallMean: [Double]
    public let overallMedian: [Double]
    public let overallStandardDeviation: [Double]
    public let segments: [Segment]

    public init(data: Matrix, columnNames: [String], labels: [Int], topFeatureCount: Int = 3) throws(StrataError) {
        guard columnNames.count == data.columns else {
            throw .dimensionMismatch("segment profile: \(columnNames.count) column names for \(data.columns) columns")
        }
        guard labels.count == data.rows else {
            throw .dimensionMismatch("segment profile: got \(labels.count) labels for \(data.rows) rows; pass one label per row")
        }
        if let bad = labels.firstIndex(where: { $0 < -1 }) {
            throw .invalidArgument("segment profile: label \(labels[bad]) at row \(bad) is invalid; labels are cluster numbers ≥ 0, or -1 for noise")
        }
        guard data.rows > 0 else { throw .notEnoughSamples("segment profile needs at least one row") }
        try data.validateFinite()
        let d = data.columns, n = data.rows
        let all = Array(0..<n)
        let overall = (0..<d).map { Self.stats(data, rows: all, column: $0) }
        var groups = [Int: [Int]]()
        for (row, label) in labels.enumerated() { groups[label, default: []].append(row) }
        let order = groups.keys.filter { $0 >= 0 }.sorted() + (groups[-1] == nil ? [] : [-1])
        var segments = [Segment]()
        for label in order {
            let rows = groups[label]!
            var features = [Feature]()
            for f in 0..<d {
                let s = Self.stats(data, rows: rows, column: f)
                let o = overall[f]
                features.append(Feature(name: columnNames[f], mean: s.mean, median: s.median,
                                        ratioToOverall: o.mean == 0 ? nil : s.mean / o.mean,
                                        standardizedDifference: o.std > 0 ? (s.mean - o.mean) / o.std : nil))
            }
            let ranked = features.indices.filter { features[$0].standardizedDifference != nil }
                .sorted { (abs(features[$0].standardizedDifference!), -$0) > (abs(features[$1].standardizedDifference!), -$1) }
            segments.append(Segment(label: label, isNoise: label == -1, size: rows.count, share: Double(rows.count) / Double(n),
                                    features: features, distinguishing: ranked.prefix(topFeatureCount).map { features[$0].name }))
        }
        rowCount = n
        featureNames = columnNames
        overallMean = overall.map(\.mean)
        overallMedian = overall.map(\.median)
        overallStandardDeviation = overall.map(\.std)
        self.segments = segments
    }

    static func stats(_ data: Matrix, rows: [Int], column: Int) -> (mean: Double, median: Double, std: Double) {
        var values = rows.map { Double(data[$0, column]) }
        let mean = values.reduce(0, +) / Double(values.count)
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let std = values.count > 1 ? (ss / Double(values.count - 1)).squareRoot() : 0
        return (mean, median(&values), std)
    }

    /// The CSV layout: one row per segment and feature, header
    /// `segment,is_noise,size,share,feature,mean,median,overall_mean,ratio_to_overall,standardized_difference,distinguishing_rank`
    /// (`distinguishing_rank` 1… for the top features, empty otherwise; numbers with 17
    /// significant digits; undefined values empty).
    public func csv() -> String {
        var out = "segment,is_noise,size,share,feature,mean,median,overall_mean,ratio_to_overall,standardized_difference,distinguishing_rank\n"
        func num(_ v: Double?) -> String { v.map(Self.csvNumber) ?? "" }
        func quoted(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        for s in segments {
            for (f, feature) in s.features.enumerated() {
                let rank = s.distinguishing.firstIndex(of: feature.name).map { String($0 + 1) } ?? ""
                out += "\(s.label),\(s.isNoise),\(s.size),\(num(s.share)),\(quoted(feature.name)),\(num(feature.mean)),\(num(feature.median)),"
                out += "\(num(overallMean[f])),\(num(feature.ratioToOverall)),\(num(feature.standardizedDifference)),\(rank)\n"
            }
        }
        return out
    }

    /// The JSON layout: this value's Codable form with sorted keys (camelCase names as the
    /// properties above; nil as null).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
