import Foundation
import StrataCore
import StrataData

/// Swift half of Benchmarks/bench_data.py. Each verb prints `name seconds` lines the driver parses.
///   bench-data generate <rows> <seed> <out.csv> <labels.csv>
///   bench-data read <file.csv>                 (reads every non-id column)
///   bench-data write <file.csv> <out.csv>      (reads, then times writing it back)
///   bench-data scale <file.csv>                (log1p + StandardScaler / RobustScaler / correlation)
///   bench-data ingest <file.csv> <repeats> <cache-dir>   (parse, content hash, cached load)
@main
struct DataBench {
    /// "wall-seconds cpu-seconds" of `body` (CPU time of all threads: comparable on a busy machine).
    static func seconds(_ body: () throws -> Void) rethrows -> String {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = clock()
        try body()
        let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
        return "\(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) \(cpu)"
    }

    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 3 else {
            print("usage: bench-data generate|read|write|scale ...")
            exit(2)
        }
        switch args[1] {
        case "generate":
            let generator = CustomerGenerator(rows: Int(args[2])!, seed: UInt64(args[3])!)
            let t = try seconds {
                try generator.write(to: URL(fileURLWithPath: args[4]), labelsTo: URL(fileURLWithPath: args[5]))
            }
            print("generate \(t)")
        case "read":
            var table: FeatureTable?
            let t = try seconds { table = try CSVReader().read(URL(fileURLWithPath: args[2])) }
            print("read \(t)")
            print("shape \(table!.rowCount) \(table!.columnCount)")
            var sum = 0.0
            for v in table!.matrix.storage { sum += Double(v) }
            print("checksum \(sum)")
        case "write":
            let table = try CSVReader().read(URL(fileURLWithPath: args[2]))
            let t = try seconds { try CSVWriter().write(table, to: URL(fileURLWithPath: args[3])) }
            print("write \(t)")
        case "ingest":
            try Ingest.run(args)
        default:
            try Preprocess.run(args)
        }
    }
}
