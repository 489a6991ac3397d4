import StrataTracking
import Testing

@Suite struct SearchCompilerTests {
    static func placeholders(_ sql: String, _ dialect: SQLDialect) -> [Int] {
        // Positions of placeholders outside quotes (the compiler never emits quotes).
        let chars = Array(sql)
        var out: [Int] = []
        var i = 0
        while i < chars.count {
            if dialect == .sqlite, chars[i] == "?" { out.append(out.count + 1) }
            if dialect == .postgresql, chars[i] == "$" {
                var j = i + 1, n = 0
                while j < chars.count, let d = chars[j].wholeNumberValue { n = n * 10 + d; j += 1 }
                out.append(n)
                i = j
                continue
            }
            i += 1
        }
        return out
    }

    static let samples = [
        #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = "ana") order by metrics.silhouette.last desc limit 20"#,
        #"params.k in (1, "a", 3) and not experiment = "e" or trial != "t" order by params.k, tags.x desc, experiment limit 5 offset 10"#,
        #"status = "Failed" and created > "2025-01-01" and display_name contains "x" order by created desc offset 3"#,
        "metrics.a not exists and params.b not in (1) and tags.c not contains 'q' order by metrics.a.std",
    ]

    @Test func placeholdersMatchBindings() throws {
        for target in SearchTarget.allCases {
            for text in Self.samples {
                let sqlite = try SearchCompiler(dialect: .sqlite, target: target).compile(text)
                #expect(Self.placeholders(sqlite.sql, .sqlite).count == sqlite.bindings.count, "\(text)")
                let pg = try SearchCompiler(dialect: .postgresql, target: target).compile(text)
                #expect(Self.placeholders(pg.sql, .postgresql) == Array(1...max(1, pg.bindings.count)).prefix(pg.bindings.count).map { $0 }, "\(text)")
                #expect(pg.bindings == sqlite.bindings)
                #expect(!sqlite.sql.contains("'") && !pg.sql.contains("'") && !sqlite.sql.contains("\""))
            }
        }
    }

    @Test func valuesAndKeyNamesAreBoundNotSpliced() throws {
        let text = #"params.`secret-key` = "dbscan" and tags.owner = 'ana' and metrics.silhouette.max > 0.4 limit 20"#
        let c = try SearchCompiler().compile(text)
        for fragment in ["secret-key", "dbscan", "ana", "silhouette", "0.4", "20"] {
            #expect(!c.sql.contains(fragment), "\(fragment) in \(c.sql)")
        }
        #expect(c.bindings == [.text("secret-key"), .text("dbscan"), .text("component"), .text("owner"), .text("ana"),
                               .text("silhouette"), .real(0.4), .integer(20)])
    }

    @Test func parameterLiteralTypeSelectsColumn() throws {
        let n = try SearchCompiler().compile("params.k = 5")
        #expect(n.sql.contains("p.number_value = ?") && n.bindings == [.text("k"), .real(5)])
        let s = try SearchCompiler().compile(#"params.k = "5""#)
        #expect(s.sql.contains("p.string_value = ?") && s.bindings == [.text("k"), .text("5")])
    }

    @Test func dialectDifferences() throws {
        let text = "tags.a contains 'x' offset 2"
        let lite = try SearchCompiler(dialect: .sqlite).compile(text)
        let pg = try SearchCompiler(dialect: .postgresql).compile(text)
        #expect(lite.sql.contains("instr(") && lite.sql.hasSuffix("LIMIT -1 OFFSET ?"))
        #expect(pg.sql.contains("strpos(") && pg.sql.hasSuffix("OFFSET $4") && !pg.sql.contains("LIMIT"))
    }

    @Test func metricOrderingJoinsWhenTheFilterRequiresTheMetric() throws {
        let required = try SearchCompiler().compile("metrics.s.max > 1 order by metrics.s.last desc limit 5")
        #expect(required.sql.contains(" JOIN metric_summaries o1") && !required.sql.contains("LEFT JOIN metric_summaries o1"))
        for text in ["metrics.s.max > 1 or params.k = 1 order by metrics.s desc", "order by metrics.s",
                     "not metrics.s > 1 order by metrics.s", "metrics.t > 1 order by metrics.s",
                     "metrics.s > 1 order by metrics.s.max desc"] {
            #expect(try SearchCompiler().compile(text).sql.contains("LEFT JOIN metric_summaries o1"), "\(text)")
        }
    }
}
