import Foundation
import GRDB
import StrataSQLite
import StrataTracking
import Testing

/// Leaderboards compiled to one query and run on a real SQLite database (schema.md DDL);
/// every cell is checked against the inserted data.
@Suite struct LeaderboardSQLiteTests {
    static let componentColumns = [
        "status", "created", "display_name", "params.k", "params.algorithm", "params.`n-clusters`",
        "metrics.silhouette.max", "metrics.silhouette.last", "metrics.silhouette.count", "metrics.val.loss.min",
        "tags.owner", "tags.note", "trial", "experiment",
    ]

    func expectedCell(_ key: SearchKey, _ c: SearchTestComponent, _ db: SearchTestDatabase) -> LeaderboardCell {
        switch key {
        case .attribute(.name): return .text(c.name)
        case .attribute(.status): return .text(c.status)
        case .attribute(.created): return .date(c.created)
        case .attribute(.displayName): return c.displayName.map { .text($0) } ?? .null
        case .attribute(.trial):
            return c.trialIDs.isEmpty ? .null : .text(Set(c.trialIDs.map { db.trials[Int($0) - 1].name }).sorted().joined(separator: ","))
        case .attribute(.experiment):
            let names = Set(c.trialIDs.map { db.experiments[db.trials[Int($0) - 1].experimentID]! })
            return names.isEmpty ? .null : .text(names.sorted().joined(separator: ","))
        case .parameter(let n):
            switch c.parameters[n] {
            case .number(let v): return .number(v)
            case .string(let s): return .text(s)
            case nil: return .null
            }
        case .metric(let n, let a): return c.metrics[n].map { .number($0.value(a)) } ?? .null
        case .tag(let k): return c.tags[k].map { .text($0) } ?? .null
        }
    }

    /// group_concat order is unspecified in SQLite: compare comma lists as sorted sets.
    func normalized(_ cell: LeaderboardCell, _ key: SearchKey) -> LeaderboardCell {
        guard case .attribute(let a) = key, a == .trial || a == .experiment, case .text(let s) = cell else { return cell }
        return .text(Set(s.split(separator: ",").map(String.init)).sorted().joined(separator: ","))
    }

    @Test func componentLeaderboardCellsAndOrder() throws {
        let db = try SearchTestDatabase()
        let oracle = SearchTestOracle(data: db)
        for search in [
            "", "order by metrics.silhouette.max desc", "metrics.silhouette.max > 0.3 order by metrics.silhouette.last desc limit 9",
            #"tags.owner = "ana" order by params.k desc, created limit 5 offset 1"#, "order by experiment, trial desc",
        ] {
            let spec = try LeaderboardSpec(columns: Self.componentColumns, search: search)
            let table = try db.table(spec.compile(dialect: .sqlite))
            let keys = spec.resolvedColumns
            #expect(table.columns == ["name"] + Self.componentColumns.map { try! SearchKey.parse($0).spelling })
            let ids = oracle.componentIDs(spec.query)
            #expect(table.rows.count == ids.count, "\(search)")
            for (row, id) in zip(table.rows, ids) {
                let c = db.components[Int(id) - 1]
                for (cell, key) in zip(row, keys) {
                    #expect(normalized(cell, key) == expectedCell(key, c, db), "\(search) \(c.name) \(key.spelling)")
                }
            }
        }
    }

    @Test func trialLeaderboardAggregatesComponents() throws {
        let db = try SearchTestDatabase()
        let oracle = SearchTestOracle(data: db)
        let columns = ["experiment", "params.k", "metrics.silhouette.min", "metrics.silhouette.max", "metrics.silhouette.count",
                       "metrics.silhouette.avg", "metrics.silhouette.std", "metrics.silhouette.last", "tags.owner"]
        let spec = try LeaderboardSpec(target: .trials, columns: columns, search: "order by metrics.silhouette.max desc")
        let table = try db.table(spec.compile(dialect: .sqlite))
        let ids = oracle.trialIDs(spec.query)
        #expect(table.rows.count == ids.count && table.rows.count == db.trials.count)
        for (row, id) in zip(table.rows, ids) {
            let t = db.trials[Int(id) - 1]
            let cs = t.componentIDs.map { db.components[Int($0) - 1] }
            let sums = cs.compactMap { $0.metrics["silhouette"] }
            #expect(row[0] == .text(t.name))
            #expect(row[1] == .text(db.experiments[t.experimentID]!))
            let ks: [Double] = cs.compactMap { if case .number(let v)? = $0.parameters["k"] { return v } else { return nil } }
            let kTexts: [String] = cs.compactMap { if case .string(let v)? = $0.parameters["k"] { return v } else { return nil } }
            #expect(row[2] == (ks.max().map { .number($0) } ?? kTexts.max().map { .text($0) } ?? .null))
            if sums.isEmpty {
                #expect(Array(row[3...8]) == Array(repeating: .null, count: 6), "\(t.name)")
            } else {
                let n = Double(sums.map(\.count).reduce(0, +))
                let mean = sums.map { Double($0.count) * $0.avg }.reduce(0, +) / n
                // Chan et al.'s combination of the parts' (n, mean, M2).
                let m2 = sums.map { Double($0.count) * ($0.std * $0.std + ($0.avg - mean) * ($0.avg - mean)) }.reduce(0, +)
                let latest = sums.max { ($0.lastTimestamp, $0.lastStep) < ($1.lastTimestamp, $1.lastStep) }!
                #expect(row[3] == .number(sums.map(\.min).min()!))
                #expect(row[4] == .number(sums.map(\.max).max()!))
                #expect(row[5] == .number(n))
                #expect(abs((row[6].number ?? .nan) - mean) < 1e-9)
                #expect(abs((row[7].number ?? .nan) - (m2 / n).squareRoot()) < 1e-6)
                #expect(row[8] == .number(latest.last))
            }
            #expect(row[9] == (t.tags["owner"].map { .text($0) } ?? .null))
        }
    }

    @Test func exportsOfARealTableParseBack() throws {
        let db = try SearchTestDatabase()
        let spec = try LeaderboardSpec(columns: Self.componentColumns, search: "order by name")
        let table = try db.table(spec.compile())
        let json = LeaderboardExporter(format: .json).data(table)
        let objects = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        #expect(objects.count == db.components.count)
        let csv = LeaderboardExporter(format: .csv).string(table)
        #expect(csv.hasPrefix("name,status,created,display_name,params.k"))
        // The injection text and the quoted display names survive the round trip as data.
        #expect(csv.contains("\"DBSCAN \"\"fast\"\"\"") == db.components.contains { $0.displayName == "DBSCAN \"fast\"" })
        #expect(objects.contains { ($0["tags.note"] as? String) == SearchTestDatabase.injection }
                == db.components.contains { $0.tags["note"] == SearchTestDatabase.injection })
    }

    /// Points spread by a few units around a large value: E[x²] − E[x]² cancels there (at 1e9,
    /// x² is spaced 128 apart), the combination of the stored Welford summaries does not.
    @Test(arguments: [1e6, 1e9, 1e12])
    func trialStdCombinesWelfordSummariesWithoutCancellation(center: Double) async throws {
        let store = try SQLiteTrackingStore(inMemoryWithArtifactDirectory: nil)
        _ = try await store.loadOrCreateExperiment("e")
        _ = try await store.loadOrCreateTrial("t", experiment: "e")
        let offsets: [[Double]] = [[-1, 1], [2, 4, 3], [0.5]]
        for (index, part) in offsets.enumerated() {
            try await Tracker.with(store: store, component: "part-\(index)", trials: ["t"]) { tracker in
                for offset in part { try await tracker.logMetric("loss", center + offset) }
            }
        }
        // The expected std from the small offsets alone (two-pass), where nothing cancels.
        let all = offsets.flatMap { $0 }
        let mean = all.reduce(0, +) / Double(all.count)
        let expected = (all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count)).squareRoot()
        let table = try await store.leaderboard(LeaderboardSpec(target: .trials, columns: ["metrics.loss.std", "metrics.loss.avg"],
                                                                search: ""))
        let std = try #require(table.rows.first?[1].number)
        #expect(abs(std - expected) <= 1e-6 * expected, "std \(std), expected \(expected) around \(center)")
        let average = try #require(table.rows.first?[2].number)
        #expect(abs(average - (center + mean)) <= 1e-15 * center)
    }
}
