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
/// Complexity: O(n d) with a ``Baseline`` that keeps the columns' order (medians by counting
/// along each column's order; building the order is also O(n d)), else expected O(n d) (medians
/// by selection).
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
        guard base.rowCount == n, base.mean.count == d else {
            throw .dimensionMismatch("segment profile: the baseline is for \(base.rowCount) × \(base.mean.count) data, not \(n) × \(d)")
        }
        let (order, sizes, segmentOfRow) = Self.group(labels)
        let statistics = if let columnOrder = base.columnOrder {
            Self.orderedStatistics(data, columnOrder: columnOrder, segmentOfRow: segmentOfRow, sizes: sizes)
        } else {
            Self.segmentStatistics(data, segmentOfRow: segmentOfRow, sizes: sizes)
        }
        var segments = [Segment]()
        for (index, label) in order.enumerated() {
            let size = sizes[index]
            var features = [Feature]()
            for f in 0..<d {
                let s = statistics[index][f]
                let overallMean = base.mean[f], overallStd = base.standardDeviation[f]
                features.append(Feature(name: columnNames[f], mean: s.mean, median: s.median,
                                        ratioToOverall: overallMean == 0 ? nil : s.mean / overallMean,
                                        standardizedDifference: overallStd > 0 ? (s.mean - overallMean) / overallStd : nil))
            }
            segments.append(Segment(label: label, isNoise: label == -1, size: size, share: Double(size) / Double(n), features: features,
                                    distinguishing: Self.mostDistinguishing(features, count: topFeatureCount).map { features[$0].name }))
        }
        rowCount = n
        featureNames = columnNames
        overallMean = base.mean
        overallMedian = base.median
        overallStandardDeviation = base.standardDeviation
        self.segments = segments
    }

    /// The indices of the `count` features of largest |standardized difference|, largest
    /// first (the first feature of equal ones first; undefined differences never): kept while
    /// scanning, as a profile of hundreds of segments × features would otherwise sort every list.
    static func mostDistinguishing(_ features: [Feature], count: Int) -> [Int] {
        var top = [(size: Double, index: Int)]()
        guard count > 0 else { return [] }
        for (index, feature) in features.enumerated() {
            guard let difference = feature.standardizedDifference else { continue }
            let size = abs(difference)
            if top.count == count, !(size > top[count - 1].size) { continue }
            var at = top.count
            while at > 0, size > top[at - 1].size { at -= 1 }
            top.insert((size, index), at: at)
            if top.count > count { top.removeLast() }
        }
        return top.map(\.index)
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
        let names = featureNames.map { Array(quoted($0).utf8) }
        let overall = overallMean.map { value -> [UInt8] in
            var text = ByteText()
            text.append(value)
            return text.bytes
        }
        let featureNames = featureNames, segments = segments
        for chunk in Parallel.mapChunks(count: segments.count, minimumChunk: 16, { range -> [UInt8] in
            var text = ByteText()
            for s in segments[range] {
                var prefix = ByteText()
                prefix.append("\(s.label),\(s.isNoise),\(s.size),")
                prefix.append(s.share)
                prefix.append(byte: 0x2C)
                for (f, feature) in s.features.enumerated() {
                    text.append(bytes: prefix.bytes)
                    if f < names.count && feature.name == featureNames[f] { text.append(bytes: names[f]) } else { text.append(quoted(feature.name)) }
                    text.append(byte: 0x2C); text.append(feature.mean)
                    text.append(byte: 0x2C); text.append(feature.median)
                    text.append(byte: 0x2C); if f < overall.count { text.append(bytes: overall[f]) }
                    text.append(byte: 0x2C); if let ratio = feature.ratioToOverall { text.append(ratio) }
                    text.append(byte: 0x2C); if let difference = feature.standardizedDifference { text.append(difference) }
                    text.append(byte: 0x2C)
                    if let rank = s.distinguishing.firstIndex(of: feature.name) { text.append(String(rank + 1)) }
                    text.append(byte: 0x0A)
                }
            }
            return text.bytes
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
