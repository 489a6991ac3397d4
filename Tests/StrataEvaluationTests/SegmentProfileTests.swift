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

    @Test func badInputThrows() throws {
        let data = try Matrix([[1, 2], [3, 4]])
        #expect(throws: StrataError.self) { try SegmentProfile(data: data, columnNames: ["a"], labels: [0, 1]) }
        #expect(throws: StrataError.self) { try SegmentProfile(data: data, columnNames: ["a", "b"], labels: [0]) }
        #expect(throws: StrataError.self) { try SegmentProfile(data: data, columnNames: ["a", "b"], labels: [0, -5]) }
    }
}
