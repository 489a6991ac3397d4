import ArgumentParser
import Foundation
import StrataPipelines

/// `strata cache list|clear`: the step cache beside the store.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "List or clear cached step outputs (PCA, UMAP), k-distance curves and silhouette samples reused across runs and sweeps.",
        subcommands: [List.self, Clear.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cached step outputs, most recently used first.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable { let key: String; let kind: String; let bytes: Int; let lastUsed: Double }

        func run() async throws {
            let cache = StepCache.beside(storeURL: storeOptions.url)
            let rows = cache.entries().map {
                Row(key: $0.key, kind: cache.kind(of: $0.key).rawValue, bytes: $0.bytes, lastUsed: $0.lastUsed.timeIntervalSince1970)
            }
            if output.json { return try JSONOutput.print(rows) }
            var table = TextTable(columns: ["key", "kind", "size", "last used"])
            for row in rows {
                table.append([row.key, row.kind, ByteCountFormatter.string(fromByteCount: Int64(row.bytes), countStyle: .file),
                              Date(timeIntervalSince1970: row.lastUsed).description])
            }
            print(rows.isEmpty ? "the step cache at \(cache.directory.path) is empty" : table.render())
            if !rows.isEmpty {
                let total = rows.reduce(0) { $0 + $1.bytes }
                print("\(rows.count) entr\(rows.count == 1 ? "y" : "ies"), \(ByteCountFormatter.string(fromByteCount: Int64(total), countStyle: .file)) in \(cache.directory.path)")
            }
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every cache entry (and lock files left by interrupted runs).")
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let cache = StepCache.beside(storeURL: storeOptions.url)
            let freed = cache.clear()
            print("cleared \(ByteCountFormatter.string(fromByteCount: Int64(freed), countStyle: .file)) from \(cache.directory.path)")
        }
    }
}
