import Foundation
import Strata

/// Swift half of `Benchmarks/bench_neighbors.py`.
///
/// Matrices are raw files: two little-endian Int64 (rows, columns) then row-major Float32.
///   bench-neighbors knn <data.bin> <k> <indices.bin>             k nearest (self excluded), Int32 out
///   bench-neighbors dbscan <data.bin> <epsilon> <minSamples> <labels.bin>   Int32 labels out
///   bench-neighbors kdistance <data.bin> <k>                      prints the knee
///   bench-neighbors knee <curve.bin>   Kneedle on a sorted 1-column curve
///   bench-neighbors kernel <data.bin>   one-core GFLOP/s of the tiled kernel vs the pairwise SIMD kernel
/// Each prints `seconds=<t>` for the algorithm alone (file reading excluded).
@main
struct NeighborsBench {
    static func readMatrix(_ path: String) throws -> Matrix {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let rows = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: Int64.self) }
        let cols = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: Int64.self) }
        var values = [Float](repeating: 0, count: Int(rows * cols))
        _ = values.withUnsafeMutableBytes { data.copyBytes(to: $0, from: 16..<(16 + Int(rows * cols) * 4)) }
        return try Matrix(rows: Int(rows), columns: Int(cols), values: values)
    }

    static func write<T>(_ values: [T], to path: String) throws {
        try values.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: path))
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 3 else {
            print("usage: bench-neighbors knn|dbscan|kdistance <data.bin> ..."); exit(2)
        }
        let data = try readMatrix(args[2])
        switch args[1] {
        case "knn":
            let k = Int(args[3])!
            let (graph, t) = try time { try ExactNeighbors(k: k).fit(data) }
            print("seconds=\(t)")
            if args.count > 4 { try write(graph.indices, to: args[4]) }
        case "dbscan":
            let epsilon = Float(args[3])!, minSamples = Int(args[4])!
            let (model, t) = try time { try DBSCAN(epsilon: epsilon, minSamples: minSamples).fit(data) }
            print("seconds=\(t) clusters=\(model.clusterCount) noise=\(model.labels.filter { $0 < 0 }.count) cores=\(model.coreSampleIndices.count)")
            if args.count > 5 { try write(model.labels.map { Int32($0) }, to: args[5]) }
        case "kdistance":
            let k = Int(args[3])!
            let (result, t) = try time { try KDistance(k: k).knee(data) }
            print("seconds=\(t) knee_index=\(result.kneeIndex.map(String.init) ?? "none") eps=\(result.value.map { "\($0)" } ?? "none")")
            if args.count > 4 { try write(result.curve, to: args[4]) }
        case "knee":
            let result = KDistance.knee(ofSortedCurve: data.storage)
            print("knee_index=\(result.kneeIndex.map(String.init) ?? "none")")
        case "kernel":
            kernelBenchmark(data)
        default:
            print("unknown command \(args[1])"); exit(2)
        }
    }
}
