import Foundation
import Strata

/// Swift half of Benchmarks/bench_evaluation.py. Reads raw little-endian files, times the
/// library call only, prints one JSON line.
///
///   bench-evaluation silhouette <data.f32> <labels.i32> <rows> <columns>
///   bench-evaluation pca <data.f32> <rows> <columns> <components>
@main
struct EvaluationBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 2 else { usage() }
        switch args[1] {
        case "silhouette" where args.count == 6:
            let rows = Int(args[4])!, columns = Int(args[5])!
            let data = try Matrix(rows: rows, columns: columns, values: readArray(args[2], as: Float.self, count: rows * columns))
            let labels = readArray(args[3], as: Int32.self, count: rows).map(Int.init)
            let start = DispatchTime.now()
            let result = try silhouetteScore(data, labels: labels)
            let seconds = elapsed(since: start)
            print(#"{"seconds": \#(seconds), "score": \#(result.score), "excluded_noise_fraction": \#(result.excludedNoiseFraction), "peak_rss_mb": \#(peakResidentMegabytes())}"#)
        case "pca" where args.count == 6:
            let rows = Int(args[3])!, columns = Int(args[4])!, k = Int(args[5])!
            let data = try Matrix(rows: rows, columns: columns, values: readArray(args[2], as: Float.self, count: rows * columns))
            let start = DispatchTime.now()
            let model = try PCA(componentCount: k).fit(data)
            let fitSeconds = elapsed(since: start)
            let projection = try model.transform(data)
            let totalSeconds = elapsed(since: start)
            let ratio = model.explainedVarianceRatio.reduce(0, +)
            print(#"{"fit_seconds": \#(fitSeconds), "fit_transform_seconds": \#(totalSeconds), "explained_variance_ratio_sum": \#(ratio), "first_variance": \#(model.explainedVariance[0]), "projection_rows": \#(projection.rows), "components": \#(model.components), "peak_rss_mb": \#(peakResidentMegabytes())}"#)
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: bench-evaluation silhouette <data.f32> <labels.i32> <rows> <columns> | pca <data.f32> <rows> <columns> <components>\n".utf8))
        exit(2)
    }

    static func readArray<T>(_ path: String, as: T.Type, count: Int) -> [T] {
        let data = FileManager.default.contents(atPath: path)!
        precondition(data.count == count * MemoryLayout<T>.size, "\(path): expected \(count) values")
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self).prefix(count)) }
    }

    static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// VmHWM from /proc/self/status (Linux); 0 where unavailable.
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
