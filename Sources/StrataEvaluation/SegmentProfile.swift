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
/// Complexity: expected O(n d) (medians by selection).
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

    /// The whole table's statistics that every segment is compared with. They do not depend on
    /// the labels: compute them once and pass them to every profile of the same data (a sweep
    /// profiles every attempt).
    public struct Baseline: Sendable, Hashable {
        public let rowCount: Int
        public let mean: [Double]
        public let median: [Double]
        public let standardDeviation: [Double]

        public init(data: Matrix) throws(StrataError) {
            guard data.rows > 0 else { throw .notEnoughSamples("segment profile needs at least one row") }
            try data.validateFinite()
            let overall = SegmentProfile.overallStatistics(data)
            rowCount = data.rows
            mean = overall.map(\.mean)
            median = overall.map(\.median)
            standardDeviation = overall.map { $0.std ?? 0 }
        }
    }

    /// Profiles `labels` (one per row of `data`, -1 for noise). `baseline`, when given, must be
    /// ``Baseline/init(data:)`` of this same `data`.
    public init(data: Matrix, columnNames: [String], labels: [Int], topFeatureCount: Int = 3,
                baseline: Baseline? = nil) throws(StrataError) {
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
        let base: Baseline
        if let baseline {
            try data.validateFinite()
            base = baseline
        } else {
            base = try Baseline(data: data)
        }
        let d = data.columns, n = data.rows
        var sizes = [Int: Int]()
        for label in labels { sizes[label, default: 0] += 1 }
        let order = sizes.keys.filter { $0 >= 0 }.sorted() + (sizes[-1] == nil ? [] : [-1])
        guard base.rowCount == n, base.mean.count == d else {
            throw .dimensionMismatch("segment profile: the baseline is for \(base.rowCount) × \(base.mean.count) data, not \(n) × \(d)")
        }
        let statistics = Self.segmentStatistics(data, labels: labels, order: order)
        var segments = [Segment]()
        for (index, label) in order.enumerated() {
            let size = sizes[label]!
            var features = [Feature]()
            for f in 0..<d {
                let s = statistics[index][f]
                let overallMean = base.mean[f], overallStd = base.standardDeviation[f]
                features.append(Feature(name: columnNames[f], mean: s.mean, median: s.median,
                                        ratioToOverall: overallMean == 0 ? nil : s.mean / overallMean,
                                        standardizedDifference: overallStd > 0 ? (s.mean - overallMean) / overallStd : nil))
            }
            let ranked = features.indices.filter { features[$0].standardizedDifference != nil }
                .sorted { (abs(features[$0].standardizedDifference!), -$0) > (abs(features[$1].standardizedDifference!), -$1) }
            segments.append(Segment(label: label, isNoise: label == -1, size: size, share: Double(size) / Double(n),
                                    features: features, distinguishing: ranked.prefix(topFeatureCount).map { features[$0].name }))
        }
        rowCount = n
        featureNames = columnNames
        overallMean = base.mean
        overallMedian = base.median
        overallStandardDeviation = base.standardDeviation
        self.segments = segments
    }

    /// The CSV layout: one row per segment and feature, header
    /// `segment,is_noise,size,share,feature,mean,median,overall_mean,ratio_to_overall,standardized_difference,distinguishing_rank`
    /// (`distinguishing_rank` 1… for the top features, empty otherwise; numbers in
    /// the shortest form that reads back exactly; undefined values empty).
    public func csv() -> String {
        var out = Array("segment,is_noise,size,share,feature,mean,median,overall_mean,ratio_to_overall,standardized_difference,distinguishing_rank\n".utf8)
        @Sendable func quoted(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        // What repeats on every segment's rows is formatted once; segments are formatted in
        // chunks over the cores, straight into bytes (a sweep writes one profile per attempt).
        let names = featureNames.map(quoted), overall = overallMean.map(Self.csvNumber)
        let featureNames = featureNames, segments = segments
        for chunk in Parallel.mapChunks(count: segments.count, minimumChunk: 16, { range -> [UInt8] in
            var bytes = [UInt8]()
            func number(_ v: Double?) { if let v { bytes.append(contentsOf: Self.csvNumber(v).utf8) } }
            for s in segments[range] {
                var prefix = Array("\(s.label),\(s.isNoise),\(s.size),".utf8)
                prefix.append(contentsOf: Self.csvNumber(s.share).utf8)
                prefix.append(0x2C)
                for (f, feature) in s.features.enumerated() {
                    bytes.append(contentsOf: prefix)
                    bytes.append(contentsOf: (f < names.count && feature.name == featureNames[f] ? names[f] : quoted(feature.name)).utf8)
                    bytes.append(0x2C); number(feature.mean)
                    bytes.append(0x2C); number(feature.median)
                    bytes.append(0x2C); if f < overall.count { bytes.append(contentsOf: overall[f].utf8) }
                    bytes.append(0x2C); number(feature.ratioToOverall)
                    bytes.append(0x2C); number(feature.standardizedDifference)
                    bytes.append(0x2C)
                    if let rank = s.distinguishing.firstIndex(of: feature.name) { bytes.append(contentsOf: String(rank + 1).utf8) }
                    bytes.append(0x0A)
                }
            }
            return bytes
        }) { out.append(contentsOf: chunk) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON layout: this value's Codable form with sorted keys (camelCase names as the
    /// properties above; nil as null).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
