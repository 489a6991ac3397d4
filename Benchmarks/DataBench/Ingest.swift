import Foundation
import StrataCore
import StrataData

/// `bench-data ingest <file.csv> <repeats> <cache-dir>`: CSV → FeatureTable timings.
///
/// Prints `parse` (a fresh CSVReader read), `hash` (the ContentHash of the file the cache keys
/// on), `cached` (CSVTableCache hits; an untimed load first writes the entry when the cache
/// directory does not hold it yet) as "wall cpu" pairs per repeat, then the shape and a checksum.
enum Ingest {
    static func run(_ args: [String]) throws {
        let url = URL(fileURLWithPath: args[2])
        let repeats = Int(args[3]) ?? 3
        let cache = CSVTableCache(directory: URL(fileURLWithPath: args[4], isDirectory: true))
        var table: FeatureTable?
        var parse = [String](), hash = [String](), cached = [String]()
        for _ in 0..<repeats {
            parse.append(try DataBench.seconds { table = try CSVReader().read(url) })
        }
        for _ in 0..<repeats {
            hash.append(try DataBench.seconds { _ = try ContentHash.ofFile(atPath: url.path) })
        }
        _ = try cache.load(url: url)
        for _ in 0..<repeats {
            var load: CSVTableCache.Load?
            cached.append(try DataBench.seconds { load = try cache.load(url: url) })
            precondition(load!.fromCache && load!.table == table!, "expected a cache hit equal to the parse")
        }
        print("parse \(parse.joined(separator: " "))")
        print("hash \(hash.joined(separator: " "))")
        print("cached \(cached.joined(separator: " "))")
        print("shape \(table!.rowCount) \(table!.columnCount)")
        // This process's own high-water mark (getrusage would also count the pages of the
        // parent it was forked from).
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?
            .split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        print("peak_mb \(peak / 1024)")
        var sum = 0.0
        for v in table!.matrix.storage { sum += Double(v) }
        print("checksum \(sum)")
    }
}
