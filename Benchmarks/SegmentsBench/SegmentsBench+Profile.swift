import Foundation
import Strata

extension SegmentsBench {
    /// What a sweep attempt pays for its segment profile: the profile of the same data with new
    /// labels, its CSV and its compact JSON, with the data's baseline computed once beforehand (as
    /// a sweep worker keeps it). Labels are seeded and skewed in size (segment `⌊u² k⌋`, 5 % noise),
    /// for `k` = each of `segmentCounts`. CPU seconds of the whole process (all threads) per call:
    /// on a shared machine the wall clock measures the neighbours too. Prints one JSON line.
    ///
    ///   bench-segments profile <customers.csv> [rows] [repeats]
    static func profile(_ args: [String]) throws {
        let rows = args.count > 3 ? Int(args[3])! : 50_000
        let repeats = args.count > 4 ? Int(args[4])! : 20
        let table = try CSVReader().read(URL(fileURLWithPath: args[2]))
        let n = Swift.min(rows, table.matrix.rows), d = table.matrix.columns
        let data = try Matrix(rows: n, columns: d, values: Array(table.matrix.storage.prefix(n * d)))
        var baseline: SegmentProfile.Baseline!
        let baselineCost = try measure { baseline = try SegmentProfile.Baseline(data: data) }
        var results = [String]()
        for k in [20, 300] {
            var random = SeededGenerator(seed: UInt64(k))
            let labels = (0..<n).map { _ -> Int in
                let u = Double.random(in: 0..<1, using: &random)
                return u < 0.05 ? -1 : Int(u * u * Double(k))
            }
            var profile: SegmentProfile!
            var profileCost = Cost(), csvCost = Cost(), jsonCost = Cost()
            for _ in 0..<repeats {
                profileCost += try measure {
                    profile = try SegmentProfile(data: data, columnNames: table.columnNames, labels: labels, baseline: baseline)
                }
                csvCost += try measure { _ = profile.csv() }
                jsonCost += try measure { _ = profile.compactJSON() }
            }
            let per = Double(repeats)
            results.append(#"{"segments": \#(profile.segments.count), "profile_cpu_ms": \#(profileCost.cpu / per * 1e3), "#
                + #""profile_wall_ms": \#(profileCost.wall / per * 1e3), "csv_cpu_ms": \#(csvCost.cpu / per * 1e3), "#
                + #""json_cpu_ms": \#(jsonCost.cpu / per * 1e3)}"#)
        }
        print(#"{"rows": \#(n), "columns": \#(d), "repeats": \#(repeats), "baseline_cpu_ms": \#(baselineCost.cpu * 1e3), "#
            + #""baseline_wall_ms": \#(baselineCost.wall * 1e3), "per_attempt": [\#(results.joined(separator: ", "))]}"#)
    }

    struct Cost {
        var cpu = 0.0, wall = 0.0
        static func += (a: inout Cost, b: Cost) { a.cpu += b.cpu; a.wall += b.wall }
    }

    /// Process CPU (user + system, every thread) and wall seconds of `body`.
    static func measure(_ body: () throws -> Void) throws -> Cost {
        func cpu() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        let cpuStart = cpu(), start = DispatchTime.now()
        try body()
        return Cost(cpu: cpu() - cpuStart, wall: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
}
