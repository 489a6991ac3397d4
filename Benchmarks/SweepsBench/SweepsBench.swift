import Foundation
import StrataEvaluation
import StrataPipelines
import _StrataTestSupport

/// Swift half of Benchmarks/bench_sweeps.py: runs Strata's TPE and random samplers on the test
/// objectives (Branin, Hartmann-6, the conditional one) for seeds 0..<S and prints one JSON object:
/// per objective and sampler the best value after 50 and 100 trials per seed and the mean time per
/// `suggest` call.
///
///     bench-sweeps [--seeds 20] [--trials 100]
///     bench-sweeps winner <labels.i32> <attempts> <rows>
///
/// `winner` times the agreement matrix a sweep's winner is chosen by (every pair's adjusted Rand
/// index over `attempts` labelings of `rows` rows, little-endian Int32, one labeling after the
/// other): `pairwiseAdjustedRandIndex` against one `adjustedRandIndex` call per pair.
@main
struct SweepsBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count == 5, arguments[1] == "winner" {
            try winner(path: arguments[2], attempts: Int(arguments[3])!, rows: Int(arguments[4])!)
            return
        }
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
            return v
        }
        let seeds = option("--seeds", 20), trials = option("--trials", 100)
        let samplers: [(String, (UInt64) -> any Sampler)] = [
            ("strata_tpe", { TPESampler(seed: $0) }),
            ("strata_random", { RandomSampler(seed: $0) }),
        ]
        var report: [String: [String: [String: Any]]] = [:]
        for objective in SweepObjective.all {
            for (label, make) in samplers {
                var best50: [Double] = [], best100: [Double] = []
                var suggestSeconds = 0.0
                for seed in 0..<seeds {
                    let sampler = make(UInt64(seed))
                    var history: [SweepObservation] = []
                    for number in 0..<trials {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let point = try sampler.suggest(number: number, space: objective.space, history: history)!
                        suggestSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                        history.append(SweepObservation(number: number, assignment: point, state: .complete, value: objective.evaluate(point)))
                    }
                    let values = history.map { $0.value! }
                    best50.append(values.prefix(min(50, trials)).min()!)
                    best100.append(values.prefix(min(100, trials)).min()!)
                }
                report[objective.name, default: [:]][label] = [
                    "best50": best50, "best100": best100,
                    "seconds_per_suggest": suggestSeconds / Double(seeds * trials),
                ]
            }
        }
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func winner(path: String, attempts m: Int, rows n: Int) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        precondition(bytes.count == 4 * m * n, "\(path) holds \(bytes.count) bytes, not \(m) × \(n) Int32")
        let flat = bytes.withUnsafeBytes { raw in (0..<(m * n)).map { Int(raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) } }
        let labelings = (0..<m).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        }
        var matrix: [Double] = []
        let pairwise = try (0..<3).map { _ in try seconds { matrix = try pairwiseAdjustedRandIndex(labelings) } }.sorted()[1]
        var perPair = [Double](repeating: 1, count: m * m)
        let loop = try seconds {
            for i in 0..<m {
                for j in (i + 1)..<m {
                    let v = try adjustedRandIndex(labelings[i], labelings[j])
                    perPair[i * m + j] = v; perPair[j * m + i] = v
                }
            }
        }
        var upper: [String] = []
        for i in 0..<m { for j in (i + 1)..<m { upper.append(String(matrix[i * m + j])) } }
        let identical = matrix == perPair
        print(#"{"pairwise_seconds": \#(pairwise), "per_pair_seconds": \#(loop), "identical": \#(identical), "upper_triangle": [\#(upper.joined(separator: ","))]}"#)
    }
}
