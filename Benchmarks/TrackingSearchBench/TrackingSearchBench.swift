import Foundation
import GRDB
import StrataTracking
import StrataSQLite

/// Times the search language and the leaderboard export on a SQLite file with schema.md's DDL.
///
///     swift build -c release --product bench-search
///     .build/release/bench-search [--components 100000] [--db /tmp/search-bench.sqlite] [--repeat 5]
///
/// Builds (or reuses) a database of N components × 12 parameters × 5 metric summaries, a tag
/// each, N/5 trials in 2 experiments; then prints the time of compiled searches (first run and
/// median) and of a full leaderboard export (query + decode, CSV, JSON). Timings are printed,
/// never asserted. `--cache-mb N` sets SQLite's page cache (default: SQLite's 2 MB);
/// `--without-rowid` declares the key/value tables WITHOUT ROWID (a suggestion for the store).
@main
struct TrackingSearchBench {
    static func main() throws {
        var componentCount = 100_000
        var path = NSTemporaryDirectory() + "strata-search-bench.sqlite"
        var repeats = 5
        var cacheMB = 0 // 0: SQLite's default page cache (2 MB)
        var withoutRowID = false // schema.md's key/value tables as WITHOUT ROWID (clustered on the key)
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let a = args.next() {
            switch a {
            case "--components": componentCount = Int(args.next() ?? "") ?? componentCount
            case "--db": path = args.next() ?? path
            case "--repeat": repeats = Int(args.next() ?? "") ?? repeats
            case "--cache-mb": cacheMB = Int(args.next() ?? "") ?? cacheMB
            case "--without-rowid": withoutRowID = true
            case "--emit-sql":
                // Writes compiled SQL (both targets, both dialects) as JSON lines for
                // Benchmarks/check_search_postgres.py; no database is touched.
                try emitSQL(to: args.next() ?? "search-sql.jsonl")
                return
            default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(1)
            }
        }
        if withoutRowID { path += "-without-rowid" }
        let queue = try prepare(path: path, componentCount: componentCount, cacheMB: cacheMB, withoutRowID: withoutRowID)
        say("tables: \(withoutRowID ? "parameters, metric_summaries, tags, links WITHOUT ROWID" : "exactly schema.md")")
        say("page cache: \(cacheMB == 0 ? "SQLite default (2 MB)" : "\(cacheMB) MB")")
        say("database: \(path) (\(componentCount) components, \(componentCount * 12) parameters, \(componentCount * 5) metric summaries)")

        let searches: [(SearchTarget, String)] = [
            (.components, "metrics.silhouette.max > 0.4 order by metrics.silhouette.last desc limit 50"),
            (.components, #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = "ana") order by metrics.silhouette.last desc limit 50"#),
            (.components, "metrics.silhouette.last > 0.4 and params.k >= 5 order by created desc limit 50"),
            (.components, "order by metrics.silhouette.last desc limit 50"),
            (.components, "metrics.silhouette.max > 0.4 order by metrics.silhouette.max desc limit 50"),
            (.trials, "metrics.silhouette.max > 0.4 order by metrics.silhouette.max desc limit 50"),
        ]
        for (target, text) in searches {
            let compiled = try SearchCompiler(dialect: .sqlite, target: target).compile(text)
            var times: [Double] = []
            var rows = 0
            for _ in 0..<max(1, repeats) {
                let start = Date()
                rows = try queue.read { db -> Int in
                    let ids = try Int64.fetchAll(db, sql: compiled.sql, arguments: arguments(compiled.bindings))
                    // The caller then loads the rows: include that in the time.
                    let table = target == .components ? "trial_components" : "trials"
                    let loaded = try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                                                  arguments: StatementArguments(ids))
                    return loaded.count
                }
                times.append(Date().timeIntervalSince(start) * 1000)
            }
            let sorted = times.sorted()
            say(String(format: "search %@ first %.1f ms, median %.1f ms, %d rows: %@", target.rawValue, times[0], sorted[sorted.count / 2], rows, text))
        }

        // Full leaderboard export: 10 parameter columns and 5 metric columns for every component.
        let columns = (0..<10).map { "params.p\($0)" } + ["metrics.silhouette.max", "metrics.silhouette.last", "metrics.loss.min",
                                                           "metrics.ari.avg", "metrics.davies_bouldin.std"]
        let spec = try LeaderboardSpec(columns: columns, search: "order by metrics.silhouette.max desc")
        let compiled = spec.compile(dialect: .sqlite)
        for round in 1...2 {
            let t0 = Date()
            let table: LeaderboardTable = try queue.read { db in
                var rows: [[LeaderboardCell]] = []
                rows.reserveCapacity(componentCount)
                let cursor = try Row.fetchCursor(db, sql: compiled.sql, arguments: arguments(compiled.bindings))
                var values = [SQLBinding](repeating: .null, count: compiled.sqlColumnCount)
                while let row = try cursor.next() {
                    for i in 0..<compiled.sqlColumnCount { values[i] = binding(row[i] as DatabaseValue) }
                    rows.append(compiled.cells(values))
                }
                return LeaderboardTable(columns: compiled.columns, rows: rows)
            }
            let t1 = Date()
            let csvURL = URL(fileURLWithPath: path + ".csv"), jsonURL = URL(fileURLWithPath: path + ".json")
            try LeaderboardExporter(format: .csv).write(table, to: csvURL)
            let t2 = Date()
            try LeaderboardExporter(format: .json).write(table, to: jsonURL)
            let t3 = Date()
            let csvSize = (try? FileManager.default.attributesOfItem(atPath: csvURL.path)[.size] as? Int) ?? 0
            say(String(format: "export round %d: %d rows × %d columns; query+decode %.0f ms, CSV %.0f ms (%.1f MB), JSON %.0f ms; query+CSV %.0f ms, query+JSON %.0f ms",
                         round, table.rows.count, table.columns.count, t1.timeIntervalSince(t0) * 1000, t2.timeIntervalSince(t1) * 1000,
                         Double(csvSize) / 1e6, t3.timeIntervalSince(t2) * 1000, t2.timeIntervalSince(t0) * 1000,
                         (t1.timeIntervalSince(t0) + t3.timeIntervalSince(t2)) * 1000))
        }
    }

    static let sampleSearches = [
        #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = "ana") order by metrics.silhouette.last desc limit 20"#,
        #"params.k in (1, "a", 3) and not experiment = "e" or trial != "t" order by params.k, tags.owner desc, experiment limit 5 offset 10"#,
        #"status = "Failed" and created > "2025-01-01" and display_name contains "x" order by created desc, status offset 3"#,
        "metrics.a not exists and params.b not in (1) and tags.c not contains 'q' order by metrics.a.std, name desc, trial",
        "params.k exists and trial exists and experiment not exists or status in ('Completed') order by display_name",
    ]

    static func emitSQL(to path: String) throws {
        var lines: [String] = []
        func json(_ sql: String, _ bindings: [SQLBinding], _ kind: String) throws -> String {
            let values: [Any] = bindings.map { b -> Any in
                switch b {
                case .null: return NSNull()
                case .integer(let v): return ["integer", v]
                case .real(let v): return ["real", v]
                case .text(let s): return ["text", s]
                }
            }
            let data = try JSONSerialization.data(withJSONObject: ["kind": kind, "sql": sql, "bindings": values])
            return String(decoding: data, as: UTF8.self)
        }
        for dialect in SQLDialect.allCases {
            for target in SearchTarget.allCases {
                for text in sampleSearches {
                    let c = try SearchCompiler(dialect: dialect, target: target).compile(text)
                    lines.append(try json(c.sql, c.bindings, "\(dialect.rawValue) search \(target.rawValue): \(text)"))
                    let spec = try LeaderboardSpec(target: target, columns: ["display_name", "status", "created", "experiment", "trial", "params.k",
                        "metrics.a.min", "metrics.a.max", "metrics.a.avg", "metrics.a.std", "metrics.a.last", "metrics.a.count", "tags.owner"], search: text)
                    let l = spec.compile(dialect: dialect)
                    lines.append(try json(l.sql, l.bindings, "\(dialect.rawValue) leaderboard \(target.rawValue): \(text)"))
                }
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Unbuffered output, so progress shows when piped to a file.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func arguments(_ bindings: [SQLBinding]) -> StatementArguments {
        StatementArguments(bindings.map { b -> DatabaseValue in
            switch b {
            case .null: return .null
            case .integer(let v): return v.databaseValue
            case .real(let v): return v.databaseValue
            case .text(let s): return s.databaseValue
            }
        })
    }

    static func binding(_ value: DatabaseValue) -> SQLBinding {
        switch value.storage {
        case .null: return .null
        case .int64(let v): return .integer(v)
        case .double(let v): return .real(v)
        case .string(let s): return .text(s)
        case .blob(let d): return .text(String(decoding: d, as: UTF8.self))
        }
    }

    /// Opens `path`, filling it first when it does not hold `componentCount` components.
    static func prepare(path: String, componentCount: Int, cacheMB: Int, withoutRowID: Bool) throws -> DatabaseQueue {
        var configuration = Configuration()
        if cacheMB > 0 {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(cacheMB * 1024)") }
        }
        if FileManager.default.fileExists(atPath: path) {
            let existing = try DatabaseQueue(path: path, configuration: configuration)
            let n = try existing.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM trial_components") } ?? 0
            if n == componentCount { return existing }
            try existing.close()
            try FileManager.default.removeItem(atPath: path)
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let start = Date()
        var state: UInt64 = 42
        func random() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        try queue.write { db in
            var ddl = SQLiteTrackingStore.schemaVersion1
            if withoutRowID {
                for key in ["(component_id, name)", "(entity_kind, entity_id, key)", "(trial_id, component_id)"] {
                    ddl = ddl.replacingOccurrences(of: "PRIMARY KEY \(key));", with: "PRIMARY KEY \(key)) WITHOUT ROWID;")
                }
            }
            try db.execute(sql: ddl)
            try db.execute(sql: "INSERT INTO experiments (id, name, created_at, updated_at) VALUES (1, 'customers', 0, 0), (2, 'churn', 0, 0)")
            let trials = try db.makeStatement(sql: "INSERT INTO trials (id, name, experiment_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
            for t in 1...max(1, componentCount / 5) {
                try trials.execute(arguments: [t, "trial-\(t)", t % 2 + 1, 1.7e9 + Double(t), 1.7e9 + Double(t)])
            }
            let component = try db.makeStatement(sql: "INSERT INTO trial_components (id, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
            let link = try db.makeStatement(sql: "INSERT INTO trial_component_links VALUES (?, ?)")
            let number = try db.makeStatement(sql: "INSERT INTO parameters VALUES (?, ?, ?, NULL)")
            let text = try db.makeStatement(sql: "INSERT INTO parameters VALUES (?, ?, NULL, ?)")
            let summary = try db.makeStatement(sql: "INSERT INTO metric_summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            let tag = try db.makeStatement(sql: "INSERT INTO tags VALUES ('component', ?, ?, ?)")
            let statuses = ["Completed", "Completed", "Completed", "Failed", "InProgress"]
            let algorithms = ["kmeans", "dbscan", "hdbscan", "gmm"]
            let metrics = ["silhouette", "loss", "ari", "davies_bouldin", "calinski"]
            for i in 1...componentCount {
                try component.execute(arguments: [i, "component-\(i)", statuses[i % statuses.count], 1.7e9 + Double(i), 1.7e9 + Double(i)])
                try link.execute(arguments: [(i - 1) / 5 + 1, i])
                for p in 0..<10 {
                    if p == 8 { try text.execute(arguments: [i, "p8", algorithms[Int(random() * 4)]]) }
                    else if p == 9 { try text.execute(arguments: [i, "p9", "variant-\(Int(random() * 100))"]) }
                    else { try number.execute(arguments: [i, "p\(p)", (random() * 100).rounded() / 10]) }
                }
                try number.execute(arguments: [i, "k", Double(2 + Int(random() * 7))])
                try text.execute(arguments: [i, "algorithm", algorithms[Int(random() * 4)]])
                for m in metrics {
                    let center = random(), spread = random() * 0.2, count = 1 + Int(random() * 50)
                    try summary.execute(arguments: [i, m, count, center - spread, center + spread, center, spread / 2,
                                                    center - spread + random() * 2 * spread, count - 1, 1.7e9 + Double(i), spread * spread * Double(count) / 4])
                }
                try tag.execute(arguments: [i, "owner", ["ana", "bob", "carla", "dev"][i % 4]])
            }
        }
        say(String(format: "built the database in %.1f s", Date().timeIntervalSince(start)))
        return queue
    }
}
