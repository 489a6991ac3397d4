import Foundation
import GRDB
import StrataSQLite
import StrataTracking
import Testing

/// Compiled searches executed on a real SQLite database built with schema.md's DDL; results are
/// compared with a Swift evaluation of the same query over the inserted data (SearchTestOracle).
@Suite struct SearchSQLiteTests {
    static let queries: [String] = [
        "",
        "metrics.silhouette.max > 0.4",
        "metrics.silhouette > 0.2 order by metrics.silhouette desc",
        #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = "ana") order by metrics.silhouette.last desc limit 20"#,
        "params.k = 5",
        #"params.k = "5""#,
        "params.k != 5",
        "params.k >= 4 and params.k < 7 order by params.k desc, name",
        "params.k in (2, 3, \"5\") order by params.k",
        "params.k not in (2, 3)",
        "params.k exists and not params.algorithm exists",
        "params.k not exists",
        "params.`n-clusters` = 2",
        #"params."n-clusters" <= 2 order by params."n-clusters" desc, created desc"#,
        "params.eps < -1e-2",
        "params.eps > .01 order by params.eps",
        #"params.algorithm contains "means""#,
        #"params.algorithm not contains "means""#,
        #"params.algorithm = "KMeans""#,
        "params.algorithm exists order by params.algorithm",
        #"status = "completed" or status = "Failed""#,
        #"status in ("InProgress", "Stopping")"#,
        #"status != "Completed" order by status desc, name desc"#,
        #"display_name exists and display_name contains 'fast'"#,
        #"display_name not exists"#,
        #"display_name = 'DBSCAN "fast"'"#,
        #"display_name = "Eval, final" order by created desc limit 5 offset 2"#,
        #"created >= "2025-01-02" and created < "2025-01-03T06:00:00Z""#,
        "created > 1735776000 order by created limit 7",
        #"created <= "2025-01-02T01:00:00+01:00""#,
        #"experiment = "churn""#,
        #"experiment != "churn""#,
        #"experiment in ("upsell", "nope") order by experiment desc, name"#,
        "experiment exists",
        "experiment not exists",
        #"trial = "trial-3" or trial = "trial-5" order by trial, name"#,
        #"trial != "trial-1" and trial exists"#,
        #"trial contains "-1""#,
        #"tags.owner = "ana""#,
        #"tags.owner != "ana" order by tags.owner desc"#,
        #"tags.owner not exists or tags.owner = "carla""#,
        #"tags.note contains "'""#,
        #"tags.note = 'x'' OR 1=1 --'"#,
        "tags.note = \"x' OR 1=1 --\"",
        "metrics.val.loss.min < 1 order by metrics.val.loss.max desc",
        "metrics.`val.loss` exists order by metrics.`val.loss`.avg",
        "metrics.silhouette.count >= 10 order by metrics.silhouette.count desc, metrics.silhouette.std",
        "not (metrics.silhouette.avg > 0 or params.k > 4)",
        "not metrics.silhouette exists order by name",
        "metrics.silhouette.min > -0.1 and metrics.silhouette.max < 0.9 or params.k = 2 and not tags.owner exists",
        "order by metrics.silhouette.max desc limit 10",
        "order by metrics.silhouette.last asc limit 10 offset 5",
        "order by tags.owner, params.algorithm desc",
        "limit 3",
        "NAME = 'component-7' OR Name = 'component-8' ORDER BY name DESC",
    ]

    @Test func componentSearchMatchesSwiftEvaluation() throws {
        let db = try SearchTestDatabase()
        let oracle = SearchTestOracle(data: db)
        let compiler = SearchCompiler(dialect: .sqlite, target: .components)
        for text in Self.queries {
            let query = try SearchQuery.parse(text)
            let got = try db.ids(compiler.compile(query))
            let expected = oracle.componentIDs(query)
            #expect(got == expected, "query: \(text)")
        }
    }

    @Test func trialSearchMatchesSwiftEvaluation() throws {
        let db = try SearchTestDatabase()
        let oracle = SearchTestOracle(data: db)
        let compiler = SearchCompiler(dialect: .sqlite, target: .trials)
        for text in Self.queries {
            let query = try SearchQuery.parse(text)
            let got = try db.ids(compiler.compile(query))
            let expected = oracle.trialIDs(query)
            #expect(got == expected, "query: \(text)")
        }
    }

    @Test func resultsAreNonTrivial() throws {
        // Guards against a data set where every query matches nothing or everything.
        let db = try SearchTestDatabase()
        let oracle = SearchTestOracle(data: db)
        var partial = 0
        for text in Self.queries {
            let n = oracle.componentIDs(try SearchQuery.parse(text)).count
            if n > 0 && n < db.components.count { partial += 1 }
        }
        #expect(partial >= Self.queries.count * 2 / 3)
    }

    @Test func numericParameterComparesAsNumberAndStringAsString() throws {
        let db = try SearchTestDatabase()
        let compiler = SearchCompiler()
        let numeric = Set(try db.ids(compiler.compile("params.k = 5")))
        let textual = Set(try db.ids(compiler.compile(#"params.k = "5""#)))
        let expectedNumeric = Set(db.components.filter { $0.parameters["k"] == .number(5) }.map(\.id))
        let expectedText = Set(db.components.filter { $0.parameters["k"] == .string("5") }.map(\.id))
        #expect(numeric == expectedNumeric && !numeric.isEmpty)
        #expect(textual == expectedText)
        #expect(numeric.isDisjoint(with: textual))
        let dbscan = Set(try db.ids(compiler.compile(#"params.algorithm = "dbscan""#)))
        #expect(dbscan == Set(db.components.filter { $0.parameters["algorithm"] == .string("dbscan") }.map(\.id)))
        #expect(!dbscan.isEmpty)
    }

    @Test func injectionTextIsData() throws {
        let db = try SearchTestDatabase()
        let compiler = SearchCompiler()
        for text in [#"params.algorithm = "x' OR 1=1 --""#, "params.algorithm = 'x'' OR 1=1 --'", #"tags.note = "x' OR 1=1 --""#] {
            let compiled = try compiler.compile(text)
            #expect(!compiled.sql.contains("OR 1=1"))
            let got = try db.ids(compiled)
            let key = text.hasPrefix("params") ? "algorithm" : "note"
            let expected = db.components.filter {
                key == "algorithm" ? $0.parameters["algorithm"] == .string(SearchTestDatabase.injection) : $0.tags["note"] == SearchTestDatabase.injection
            }.map(\.id)
            #expect(got == expected && !got.isEmpty, "\(text)")
        }
        // A key name with SQL in it is bound too.
        let odd = try compiler.compile("params.`k' OR 1=1 --` = 1")
        #expect(!odd.sql.contains("1=1"))
        #expect(try db.ids(odd).isEmpty)
    }

    @Test func documentedExampleMatchesByHand() throws {
        let db = try SearchTestDatabase()
        let text = #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = "ana") order by metrics.silhouette.last desc limit 20"#
        let got = try db.ids(SearchCompiler().compile(text))
        let expected = db.components
            .filter { c in
                guard let s = c.metrics["silhouette"], s.max > 0.4 else { return false }
                return c.parameters["algorithm"] == .string("dbscan") || c.tags["owner"] == "ana"
            }
            .sorted { ($0.metrics["silhouette"]!.last, -$0.id) > ($1.metrics["silhouette"]!.last, -$1.id) }
            .prefix(20).map(\.id)
        #expect(got == Array(expected))
        #expect(got.count >= 3)
    }

    @Test func fastPlanWalksTheMetricIndex() throws {
        let db = try SearchTestDatabase()
        let compiled = try SearchCompiler().compile("metrics.silhouette.max > 0.4 order by metrics.silhouette.last desc limit 50")
        let plan = try db.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + compiled.sql, arguments: StatementArguments(compiled.bindings.map(\.databaseValue)))
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("metric_summaries_name") }, "\(plan)")
    }

    /// More hits than SQLite's 32,766 bound values per statement: every name comes back, in order.
    @Test func searchReturnsEveryHitBeyondTheBindingLimit() async throws {
        let store = try SQLiteTrackingStore(inMemoryWithArtifactDirectory: nil)
        let count = 40_000
        try await store.writer.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO trial_components (id, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                """)
            for i in 1...count {
                try insert.execute(arguments: [i, "component-\(i)", i % 8 == 0 ? "Failed" : "Completed", Double(i), Double(i)])
            }
        }
        let names = try await store.search(#"status = "Completed" order by created desc"#)
        let expected = (1...count).reversed().filter { $0 % 8 != 0 }.map { "component-\($0)" }
        #expect(expected.count > 32_766)
        #expect(names == expected)
    }
}

