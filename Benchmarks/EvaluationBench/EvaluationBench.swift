import Foundation
import Strata

/// Swift half of Benchmarks/bench_evaluation.py. Reads raw little-endian files, times the
/// library call only, prints one JSON line.
///
///   bench-evaluation silhouette <data.f32> <labels.i32> <rows> <columns>
///   bench-evaluation dbcv <data.f32> <labels.i32> <rows> <columns> [sampleSize seed]
///   bench-evaluation pca <data.f32> <rows> <columns> <components> [repeats]
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
        case "dbcv" where args.count == 6 || args.count == 8:
            // dbcv <data> <labels> <rows> <columns> [sampleSize seed]
            let rows = Int(args[4])!, columns = Int(args[5])!
            let data = try Matrix(rows: rows, columns: columns, values: readArray(args[2], as: Float.self, count: rows * columns))
            let labels = readArray(args[3], as: Int32.self, count: rows).map(Int.init)
            let metric = args.count == 8 ? DBCV(sampleSize: Int(args[6])!, seed: UInt64(args[7])!) : DBCV()
            let start = DispatchTime.now()
            let result = try metric.evaluate(data, labels: labels)
            let seconds = elapsed(since: start)
            print(#"{"seconds": \#(seconds), "score": \#(result.score), "evaluated": \#(result.evaluatedCount), "peak_rss_mb": \#(peakResidentMegabytes())}"#)
        case "pca" where args.count == 6 || args.count == 7:
            let rows = Int(args[3])!, columns = Int(args[4])!, k = Int(args[5])!
            let repeats = args.count == 7 ? Int(args[6])! : 1
            let data = try Matrix(rows: rows, columns: columns, values: readArray(args[2], as: Float.self, count: rows * columns))
            // Each repeat: fit, then transform; medians of wall and process CPU time (both threads).
            var fits = [Double](), totals = [Double](), fitCPU = [Double](), totalCPU = [Double]()
            var model: PCA.Model! = nil
            var projection = Matrix(rows: 0, columns: 0)
            for _ in 0..<repeats {
                let start = DispatchTime.now(), cpu = processCPUSeconds()
                model = try PCA(componentCount: k).fit(data)
                fits.append(elapsed(since: start)); fitCPU.append(processCPUSeconds() - cpu)
                projection = try model.transform(data)
                totals.append(elapsed(since: start)); totalCPU.append(processCPUSeconds() - cpu)
            }
            let ratio = model.explainedVarianceRatio.reduce(0, +)
            print(#"{"fit_seconds": \#(median(fits)), "fit_transform_seconds": \#(median(totals)), "fit_cpu_seconds": \#(median(fitCPU)), "fit_transform_cpu_seconds": \#(median(totalCPU)), "repeats": \#(repeats), "explained_variance_ratio_sum": \#(ratio), "first_variance": \#(model.explainedVariance[0]), "projection_rows": \#(projection.rows), "components": \#(model.components), "peak_rss_mb": \#(peakResidentMegabytes())}"#)
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: bench-evaluation silhouette <data.f32> <labels.i32> <rows> <columns> | pca <data.f32> <rows> <columns> <components> [repeats]\n".utf8))
        exit(2)
    }

    static func readArray<T>(_ path: String, as: T.Type, count: Int) -> [T] {
        let data = FileManager.default.contents(atPath: path)!
        precondition(data.count == count * MemoryLayout<T>.size, "\(path): expected \(count) values")
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self).prefix(count)) }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// User + system CPU time of the whole process (all threads).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
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
