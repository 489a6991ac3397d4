import Foundation
import Strata
import StrataClustering

/// Swift half of Benchmarks/bench_hdbscan.py: clusters a raw little-endian Float32 matrix and
/// writes labels, probabilities, outlier scores and the condensed tree next to `outPrefix`.
///
/// usage: bench-hdbscan <data.f32> <rows> <columns> <outPrefix> [--min-cluster-size N]
///        [--min-samples N] [--method eom|leaf] [--epsilon E] [--allow-single-cluster] [--repeat R]
///        [--predict new.f32]   (also writes approximatePredict labels and probabilities)
///        [--core-only]         (times and writes the core distances alone)
@main
struct HDBSCANBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        guard args.count >= 4 else {
            FileHandle.standardError.write("usage: bench-hdbscan <data.f32> <rows> <columns> <outPrefix> [options]\n".data(using: .utf8)!)
            exit(2)
        }
        let path = args.removeFirst(), rows = Int(args.removeFirst())!, columns = Int(args.removeFirst())!
        let outPrefix = args.removeFirst()
        var config = HDBSCAN()
        var repeats = 1
        var predictPath: String? = nil
        var coreOnly = false
        while !args.isEmpty {
            let flag = args.removeFirst()
            switch flag {
            case "--min-cluster-size": config.minimumClusterSize = Int(args.removeFirst())!
            case "--min-samples": config.minSamples = Int(args.removeFirst())!
            case "--method": config.clusterSelectionMethod = args.removeFirst() == "leaf" ? .leaf : .excessOfMass
            case "--epsilon": config.clusterSelectionEpsilon = Double(args.removeFirst())!
            case "--allow-single-cluster": config.allowSingleCluster = true
            case "--repeat": repeats = Int(args.removeFirst())!
            case "--predict": predictPath = args.removeFirst()
            case "--core-only": coreOnly = true
            default: fatalError("unknown option \(flag)")
            }
        }
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        let values = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let data = try Matrix(rows: rows, columns: columns, values: values)
        if coreOnly {
            let start = DispatchTime.now().uptimeNanoseconds
            let core = HDBSCAN.coreDistances(of: data, minSamples: config.effectiveMinSamples)
            print(String(format: "core_seconds %.4f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            try (core.map { "\($0)" }.joined(separator: "\n") + "\n").write(toFile: outPrefix + "_core.txt", atomically: true, encoding: .utf8)
            return
        }
        var best = Double.infinity
        var model: HDBSCAN.Model? = nil
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            model = try config.fit(data)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let m = model!
        print(String(format: "strata_seconds %.4f", best))
        // Peak resident memory up to the end of the fit, before the outputs below are formatted.
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        print("fit_peak_rss_kb \(usage.ru_maxrss)")  // kilobytes on Linux, bytes on macOS
        #else
        print("fit_peak_rss_kb \(usage.ru_maxrss / 1024)")
        #endif
        print("clusters \(m.clusterCount) noise \(m.noiseFraction)")
        func write(_ name: String, _ lines: [String]) throws {
            try (lines.joined(separator: "\n") + "\n").write(toFile: outPrefix + name, atomically: true, encoding: .utf8)
        }
        try write("_labels.txt", m.labels.map(String.init))
        try write("_probabilities.txt", m.probabilities.map { "\($0)" })
        try write("_outlier_scores.txt", m.outlierScores.map { "\($0)" })
        try write("_single_linkage.csv", m.singleLinkageTree.merges.map { "\($0.left),\($0.right),\($0.distance),\($0.size)" })
        if let predictPath {
            let rawNew = try Data(contentsOf: URL(fileURLWithPath: predictPath))
            let newValues = rawNew.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let newRows = try Matrix(rows: newValues.count / columns, columns: columns, values: newValues)
            let (labels, probabilities) = try m.approximatePredict(newRows)
            try write("_predict_labels.txt", labels.map(String.init))
            try write("_predict_probabilities.txt", probabilities.map { "\($0)" })
        }
        try m.condensedTree.csv().write(toFile: outPrefix + "_condensed_tree.csv", atomically: true, encoding: .utf8)
    }
}
