import Foundation
import Strata

// Swift half of Benchmarks/bench_transforms.py. Binary matrices: Int64 rows, Int64 columns,
// then rows × columns little-endian Float32. Prints one JSON object per command on stdout.
//   bench-transforms umap <in> <out> <componentCount> <seed> [neighborCount]
//   bench-transforms nndescent <in> <out-indices> <k> <seed> [treeCount] [maxCandidates] [leafSize] [delta] ("-" = default)
//   bench-transforms trust <original> <embedding> <k>

func readMatrix(_ path: String) -> Matrix {
    let data = FileManager.default.contents(atPath: path)!
    let rows = data.withUnsafeBytes { $0.load(fromByteOffset: 0, as: Int64.self) }
    let cols = data.withUnsafeBytes { $0.load(fromByteOffset: 8, as: Int64.self) }
    var values = [Float](repeating: 0, count: Int(rows * cols))
    values.withUnsafeMutableBytes { dst in data.withUnsafeBytes { src in
        dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[16..<(16 + dst.count)]))
    } }
    return try! Matrix(rows: Int(rows), columns: Int(cols), values: values)
}

func writeRaw<T>(_ path: String, rows: Int, columns: Int, _ values: [T]) {
    var header = [Int64(rows), Int64(columns)]
    var data = Data(bytes: &header, count: 16)
    values.withUnsafeBytes { data.append(contentsOf: $0) }
    _ = FileManager.default.createFile(atPath: path, contents: data)
}

/// CPU seconds of the whole process (all threads): steadier than wall time on a shared machine.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
    return 0
}

@main
struct TransformsBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 2 else { print("usage: bench-transforms umap|nndescent|trust ..."); return }
        switch args[1] {
        case "umap":
            let x = readMatrix(args[2])
            let neighbors = args.count > 6 ? Int(args[6])! : 15
            let start = Date()
            let model = try UMAP(neighborCount: neighbors, componentCount: Int(args[4])!, seed: UInt64(args[5])!).fit(x) { stage, done, total in
                if ProcessInfo.processInfo.environment["BENCH_PROGRESS"] != nil && (done == total || done % 50 == 0) {
                    FileHandle.standardError.write("\(stage) \(done)/\(total) \(Date().timeIntervalSince(start))s, CPU \(processCPUSeconds())s\n".data(using: .utf8)!)
                }
            }
            let seconds = Date().timeIntervalSince(start)
            writeRaw(args[3], rows: model.embedding.rows, columns: model.embedding.columns, model.embedding.storage)
            print("{\"seconds\": \(seconds), \"peak_mb\": \(peakMemoryMB())}")
        case "nndescent":
            let x = readMatrix(args[2])
            let k = Int(args[4])!
            let start = Date()
            var method = NNDescent(k: k, seed: UInt64(args[5])!)
            if args.count > 6, let t = Int(args[6]) { method.treeCount = t }
            if args.count > 7, let m = Int(args[7]) { method.maxCandidates = m }
            if args.count > 8, let l = Int(args[8]) { method.leafSize = l }
            if args.count > 9, let delta = Double(args[9]) { method.delta = delta }
            let graph = try method.fit(x)
            let seconds = Date().timeIntervalSince(start)
            writeRaw(args[3], rows: graph.count, columns: k, graph.indices)
            print("{\"seconds\": \(seconds), \"peak_mb\": \(peakMemoryMB())}")
        case "trust":
            let x = readMatrix(args[2]), y = readMatrix(args[3])
            let start = Date()
            let t = try trustworthiness(original: x, embedding: y, neighborCount: Int(args[4])!)
            print("{\"trustworthiness\": \(t), \"seconds\": \(Date().timeIntervalSince(start))}")
        default:
            print("unknown command \(args[1])")
        }
    }
}
