import Foundation
import Strata
import StrataClustering

/// Swift half of `Benchmarks/bench_clustering.py`.
///
///     bench-clustering kmeans    DATA ROWS COLS K N_INIT MAX_ITER ALGORITHM SEED CENTERS_OUT
///     bench-clustering minibatch DATA ROWS COLS K BATCH N_INIT SEED CENTERS_OUT
///     bench-clustering gmm       DATA ROWS COLS K COVARIANCE MAX_ITER N_INIT SEED
///     bench-clustering dbscan    DATA ROWS COLS EPS MIN_SAMPLES LABELS_OUT [automatic|grid|neighbors]
///
/// DATA is raw little-endian Float32, row-major. Prints one JSON object: fit seconds and quality
/// (for DBSCAN also the process CPU seconds of the fit; LABELS_OUT gets Int32 labels and, after
/// them, the core row indices).
@main
struct ClusteringBench {
    static func main() throws {
        let a = CommandLine.arguments
        guard a.count >= 5 else {
            FileHandle.standardError.write(Data("usage: bench-clustering kmeans|minibatch|gmm DATA ROWS COLS ...\n".utf8))
            exit(2)
        }
        let rows = Int(a[3])!, cols = Int(a[4])!
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a[2]))
        var values = [Float](repeating: 0, count: rows * cols)
        _ = values.withUnsafeMutableBytes { bytes.copyBytes(to: $0) }
        let data = try Matrix(rows: rows, columns: cols, values: values)
        let clock = ContinuousClock()
        switch a[1] {
        case "kmeans":
            let config = KMeans(clusterCount: Int(a[5])!, initCount: Int(a[6])!, maxIterations: Int(a[7])!,
                                algorithm: KMeans.Algorithm(rawValue: a[8])!, seed: UInt64(a[9])!)
            var model: KMeans.Model? = nil
            let t = clock.measure { model = try! config.fit(data) }
            try writeCenters(model!.centers, to: a[10])
            print(#"{"seconds": \#(seconds(t)), "inertia": \#(model!.inertia), "iterations": \#(model!.iterationCount)}"#)
        case "minibatch":
            let config = MiniBatchKMeans(clusterCount: Int(a[5])!, batchSize: Int(a[6])!, initCount: Int(a[7])!, seed: UInt64(a[8])!)
            var model: MiniBatchKMeans.Model? = nil
            let t = clock.measure { model = try! config.fit(data) }
            try writeCenters(model!.centers, to: a[9])
            print(#"{"seconds": \#(seconds(t)), "inertia": \#(model!.inertia), "steps": \#(model!.stepCount)}"#)
        case "gmm":
            let type = GaussianMixture.CovarianceType.allCases.first { $0.sklearnName == a[6] }!
            let config = GaussianMixture(componentCount: Int(a[5])!, covarianceType: type, maxIterations: Int(a[7])!,
                                         initCount: Int(a[8])!, seed: UInt64(a[9])!)
            var model: GaussianMixture.Model? = nil
            let t = clock.measure { model = try! config.fit(data) }
            let score = try model!.score(data)
            print(#"{"seconds": \#(seconds(t)), "score": \#(score), "iterations": \#(model!.iterationCount), "converged": \#(model!.converged)}"#)
        case "dbscan":
            let config = DBSCAN(epsilon: Float(a[5])!, minSamples: Int(a[6])!)
            let strategy: DBSCANLabeling.Strategy = switch a.count > 8 ? a[8] : "automatic" {
            case "grid": .grid
            case "neighbors": .neighbors
            default: .automatic
            }
            var model: DBSCAN.Model? = nil
            let cpu0 = cpuSeconds()
            let t = clock.measure { model = try! config.fit(data, strategy: strategy) }
            let cpu = cpuSeconds() - cpu0
            let out = model!.labels.map { Int32($0) } + model!.coreSampleIndices.map { Int32($0) }
            try out.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: a[7])) }
            print(#"{"seconds": \#(seconds(t)), "cpu_seconds": \#(cpu), "clusters": \#(model!.clusterCount), "cores": \#(model!.coreSampleIndices.count)}"#)
        default:
            FileHandle.standardError.write(Data("unknown benchmark \(a[1])\n".utf8))
            exit(2)
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// User + system CPU time of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    static func writeCenters(_ m: Matrix, to path: String) throws {
        try m.storage.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
    }
}
