import Foundation
import StrataCore
import StrataData
import StrataEvaluation
import Testing
import _StrataTestSupport

@Suite struct SegmentProfileTests {
    struct Reference: Decodable {
        struct Segment: Decodable { let label: Int; let size: Int; let share: Double; let mean: [Double]; let median: [Double]; let ratio: [Double]; let smd: [Double] }
        let features: [String]
        let overall_mean: [Double]
        let overall_std: [Double]
        let segments: [Segment]
    }

    @Test func matchesPandasGroupby() throws {
        let dir = fixturesDirectory().appendingPathComponent("profile")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: dir.appendingPathComponent("profile.json")))
        let table = try CSVReader().read(dir.appendingPathComponent("data.csv"))
        let labelTable = try CSVReader(columns: ["label"]).read(dir.appendingPathComponent("labels.csv"))
        let labels = labelTable.matrix.storage.map { Int($0) }
        let profile = try SegmentProfile(data: table.matrix, columnNames: table.columnNames, labels: labels)
        #expect(profile.featureNames == reference.features)
        // Labels ascending, noise last.
        #expect(profile.segments.map(\.label) == reference.segments.map(\.label).filter { $0 >= 0 } + [-1])
        for (f, v) in reference.overall_std.enumerated() { #expect(isClose(profile.overallStandardDeviation[f], v, relative: 1e-6)) }
        for r in reference.segments {
            let s = profile.segments.first { $0.label == r.label }!
            #expect(s.size == r.size && s.isNoise == (r.label == -1))
            #expect(isClose(s.share, r.share, relative: 1e-12))
            for f in 0..<r.mean.count {
                #expect(isClose(s.features[f].mean, r.mean[f], relative: 1e-6))
                #expect(isClose(s.features[f].median, r.median[f], relative: 1e-6))
                #expect(isClose(s.features[f].ratioToOverall!, r.ratio[f], relative: 1e-6))
                #expect(isClose(s.features[f].standardizedDifference!, r.smd[f], relative: 1e-5, absolute: 1e-7))
            }
            let top = r.smd.indices.sorted { abs(r.smd[$0]) > abs(r.smd[$1]) }.map { reference.features[$0] }
            #expect(s.distinguishing == top)
        }
        let csv = profile.csv().split(separator: "\n")
        #expect(csv.count == 1 + profile.segments.count * 3)
        #expect(csv[0] == "segment,is_noise,size,share,feature,mean,median,overall_mean,ratio_to_overall,standardized_difference,distinguishing_rank")
        let decoded = try JSONDecoder().decode(SegmentProfile.self, from: profile.json())
        #expect(decoded == profile)
    }

    /// Many segments (some of one row, even and odd sizes, noise, repeated values) over more
    /// features than one block of the grouped copy: every statistic equals the plain
    /// per-segment computation (row-order sums, median of the sorted values) exactly.
    @Test func groupedStatisticsEqualPerSegmentComputation() throws {
        var random = SeededGenerator(seed: 11)
        let n = 2_000, d = 37
        var values = [Float]()
        for _ in 0..<(n * d) { values.append(Bool.random(using: &random) ? Float(Int.random(in: 0...5, using: &random)) : Float.random(in: -50...50, using: &random)) }
        let data = try Matrix(rows: n, columns: d, values: values)
        let labels = (0..<n).map { row in row % 97 == 0 ? 500 + row : Int.random(in: -1...40, using: &random) }
        let names = (0..<d).map { "f\($0)" }
        let profile = try SegmentProfile(data: data, columnNames: names, labels: labels)
        // The overall statistics computed once and passed in give the same profile.
        let baseline = try SegmentProfile.Baseline(data: data)
        #expect(try SegmentProfile(data: data, columnNames: names, labels: labels, baseline: baseline) == profile)
        let other = try Matrix(rows: n - 1, columns: d, values: Array(values.dropLast(d)))
        #expect(throws: StrataError.self) {
            try SegmentProfile(data: other, columnNames: names, labels: Array(labels.dropLast()), baseline: baseline)
        }

        func plain(_ rows: [Int], _ column: Int) -> (mean: Double, median: Double, std: Double) {
            let v = rows.map { Double(data[$0, column]) }
            let mean = v.reduce(0, +) / Double(v.count)
            let ss = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let sorted = v.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            return (mean, median, v.count > 1 ? (ss / Double(v.count - 1)).squareRoot() : 0)
        }
        let expectedOrder = Set(labels).filter { $0 >= 0 }.sorted() + [-1]
        #expect(profile.segments.map(\.label) == expectedOrder)
        for column in 0..<d {
            let all = plain(Array(0..<n), column)
            #expect(profile.overallMean[column] == all.mean)
            #expect(profile.overallMedian[column] == all.median)
            #expect(profile.overallStandardDeviation[column] == all.std)
        }
        for segment in profile.segments {
            let rows = labels.indices.filter { labels[$0] == segment.label }
            #expect(segment.size == rows.count)
            for column in 0..<d {
                let expected = plain(rows, column)
                #expect(segment.features[column].mean == expected.mean)
                #expect(segment.features[column].median == expected.median)
            }
        }
    }

    /// Medians found along the baseline's column order (within its limit) and by selection
    /// (above it) are the same bits: ties (the longest at the bottom, middle or top of a column's
    /// order), -0 beside +0, a constant column, even and odd segments, single-row segments and
    /// noise; few columns (one block) and many.
    @Test func columnOrderAndSelectionGiveIdenticalStatistics() throws {
        var random = SeededGenerator(seed: 23)
        for d in [3, 20] {
            let n = 3_001
            var values = [Float]()
            for _ in 0..<n {
                for c in 0..<d {
                    switch c % 4 {
                    case 0: values.append(Float(Int.random(in: 0...3, using: &random)))
                    case 1: values.append([Float(-0.0), 0, 1, -1].randomElement(using: &random)!)
                    // Most rows at the largest value (or, every other such column, the smallest):
                    // the longest tie at the top or the bottom of the order.
                    case 2: values.append(Bool.random(using: &random) ? (c % 8 == 6 ? -3 : 5) : Float(Int.random(in: -2...4, using: &random)) / 2)
                    default: values.append(c == 3 ? 7 : Float.random(in: -1e6...1e6, using: &random))
                    }
                }
            }
            let data = try Matrix(rows: n, columns: d, values: values)
            let labels = (0..<n).map { row in row % 101 == 0 ? 1_000 + row : Int.random(in: -1...12, using: &random) }
            var sizes = [Int: Int]()
            for label in labels { sizes[label, default: 0] += 1 }
            #expect(sizes[-1] != nil && sizes.values.contains(1))
            #expect(sizes.values.contains { $0 > 1 && $0 % 2 == 0 } && sizes.values.contains { $0 > 1 && $0 % 2 == 1 })

            let ordered = try SegmentProfile.Baseline(data: data, columnOrderLimit: n * d)
            let selected = try SegmentProfile.Baseline(data: data, columnOrderLimit: n * d - 1)
            #expect(ordered.keepsColumnOrder && !selected.keepsColumnOrder)
            #expect(ordered == selected && ordered.hashValue == selected.hashValue)
            #expect(ordered.byteCount > selected.byteCount)
            let names = (0..<d).map { "f\($0)" }
            let a = try SegmentProfile(data: data, columnNames: names, labels: labels, baseline: ordered)
            let b = try SegmentProfile(data: data, columnNames: names, labels: labels, baseline: selected)
            #expect(a.overallMedian.map(\.bitPattern) == b.overallMedian.map(\.bitPattern))
            #expect(a.segments.map(\.label) == b.segments.map(\.label))
            for (x, y) in zip(a.segments, b.segments) {
                // The top three of twenty by |difference| (ties: the first column first), as a full sort ranks them.
                let ranked = x.features.indices.filter { x.features[$0].standardizedDifference != nil }
                    .sorted { (abs(x.features[$0].standardizedDifference!), -$0) > (abs(x.features[$1].standardizedDifference!), -$1) }
                #expect(x.distinguishing == ranked.prefix(3).map { x.features[$0].name })
                let rows = labels.indices.filter { labels[$0] == x.label }
                for c in 0..<d {
                    #expect(x.features[c].mean.bitPattern == y.features[c].mean.bitPattern)
                    #expect(x.features[c].median.bitPattern == y.features[c].median.bitPattern)
                    let sorted = rows.map { Double(data[$0, c]) }.sorted(), m = sorted.count
                    #expect(x.features[c].median == (m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2))
                }
            }
            // Text too: a zero median is written "0.0" on both paths, never "-0.0".
            #expect(a.csv() == b.csv())
            #expect(a.segments.contains { $0.features[1].median == 0 })
            #expect(a.segments.allSatisfy { $0.features.allSatisfy { $0.median != 0 || $0.median.sign == .plus } })
        }
    }

    /// The recorded JSON (written directly) is the Codable form: same keys and values as
    /// `JSONEncoder`'s, decoding to the same profile; and the CSV's numbers read back exactly.
    @Test func compactJSONAndCSVReadBackExactly() throws {
        var random = SeededGenerator(seed: 5)
        let n = 300, d = 4
        let values = (0..<(n * d)).map { i in i % 4 == 3 ? 0 : Float.random(in: -1...1000, using: &random) }
        let data = try Matrix(rows: n, columns: d, values: values)
        let labels = (0..<n).map { _ in Int.random(in: -1...6, using: &random) }
        let profile = try SegmentProfile(data: data, columnNames: ["a,b", "quote\"d", "back\\slash", "zero"], labels: labels)
        #expect(try JSONDecoder().decode(SegmentProfile.self, from: profile.compactJSON()) == profile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let viaEncoder = try JSONSerialization.jsonObject(with: encoder.encode(profile)) as! NSDictionary
        let direct = try JSONSerialization.jsonObject(with: profile.compactJSON()) as! NSDictionary
        #expect(direct == viaEncoder)
        #expect(profile.segments.contains { $0.features[3].ratioToOverall == nil })

        // The last six fields follow the (possibly quoted) feature name: mean, median, overall mean, ….
        let lines = profile.csv().split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        var line = 0
        for segment in profile.segments {
            for (f, feature) in segment.features.enumerated() {
                let fields = lines[line]
                #expect(Int(fields[0]) == segment.label)
                #expect(Double(String(fields[fields.count - 6])) == feature.mean)
                #expect(Double(String(fields[fields.count - 5])) == feature.median)
                #expect(Double(String(fields[fields.count - 4])) == profile.overallMean[f])
                line += 1
            }
        }
        #expect(line == lines.count)
    }

    @Test func badInputThrows() throws {
        let data = try Matrix([[1, 2], [3, 4]])
        #expect(throws: StrataError.self) { try SegmentProfile(data: data, columnNames: ["a"], labels: [0, 1]) }
        #expect(throws: StrataError.self) { try SegmentProfile(data: data, columnNames: ["a", "b"], labels: [0]) }
        #expect(throws: StrataError.self) { try SegmentProfile(data: data, columnNames: ["a", "b"], labels: [0, -5]) }
    }
}
