import StrataTracking
import Testing

@Suite struct SearchParserTests {
    func filter(_ text: String) throws -> SearchExpression {
        try #require(try SearchQuery.parse(text).filter)
    }

    func p(_ key: SearchKey, _ op: SearchOperator, _ values: SearchLiteral...) -> SearchExpression {
        .predicate(SearchPredicate(key: key, op: op, values: values))
    }

    func error(_ text: String) -> SearchError? {
        do { _ = try SearchQuery.parse(text); return nil } catch { return error }
    }

    let a = SearchKey.parameter("a"), b = SearchKey.parameter("b"), c = SearchKey.parameter("c")

    @Test func precedenceOrAndNot() throws {
        #expect(try filter("params.a = 1 or params.b = 2 and not params.c = 3")
                == .or(p(a, .equal, .number(1)), .and(p(b, .equal, .number(2)), .not(p(c, .equal, .number(3))))))
        #expect(try filter("(params.a = 1 or params.b = 2) and params.c = 3")
                == .and(.or(p(a, .equal, .number(1)), p(b, .equal, .number(2))), p(c, .equal, .number(3))))
        #expect(try filter("params.a = 1 and params.b = 2 and params.c = 3")
                == .and(.and(p(a, .equal, .number(1)), p(b, .equal, .number(2))), p(c, .equal, .number(3))))
        #expect(try filter("not not params.a exists") == .not(.not(p(a, .exists))))
        #expect(try filter("not (params.a = 1 or params.b = 2)") == .not(.or(p(a, .equal, .number(1)), p(b, .equal, .number(2)))))
    }

    @Test func everyOperator() throws {
        let cases: [(String, SearchOperator, [SearchLiteral])] = [
            ("= 1", .equal, [.number(1)]), ("== 1", .equal, [.number(1)]), ("!= 1", .notEqual, [.number(1)]),
            ("<> 1", .notEqual, [.number(1)]), ("< 1", .less, [.number(1)]), ("<= 1", .lessOrEqual, [.number(1)]),
            ("> 1", .greater, [.number(1)]), (">= 1", .greaterOrEqual, [.number(1)]),
            ("contains 'x'", .contains, [.string("x")]), ("NOT CONTAINS 'x'", .notContains, [.string("x")]),
            ("in (1, 'b', 2.5)", .in, [.number(1), .string("b"), .number(2.5, text: "2.5")]),
            ("not in ('a')", .notIn, [.string("a")]), ("exists", .exists, []), ("Not Exists", .notExists, []),
        ]
        for (text, op, values) in cases {
            #expect(try filter("params.a " + text) == .predicate(SearchPredicate(key: a, op: op, values: values)), "\(text)")
        }
    }

    @Test func keys() throws {
        #expect(try SearchKey.parse("metrics.silhouette") == .metric("silhouette", .last))
        #expect(try SearchKey.parse("metrics.silhouette.MAX") == .metric("silhouette", .max))
        for agg in SearchMetricAggregate.allCases {
            #expect(try SearchKey.parse("metrics.s.\(agg.rawValue)") == .metric("s", agg))
        }
        #expect(try SearchKey.parse("metrics.val.loss") == .metric("val.loss", .last))
        #expect(try SearchKey.parse("metrics.val.loss.std") == .metric("val.loss", .std))
        #expect(try SearchKey.parse("metrics.`max`") == .metric("max", .last))
        #expect(try SearchKey.parse("metrics.a.`max`") == .metric("a.max", .last))
        #expect(try SearchKey.parse(#"params."n-clusters""#) == .parameter("n-clusters"))
        #expect(try SearchKey.parse("params.`n-clusters`") == .parameter("n-clusters"))
        #expect(try SearchKey.parse("params.n-clusters") == .parameter("n-clusters"))
        #expect(try SearchKey.parse("params.2d") == .parameter("2d"))
        #expect(try SearchKey.parse("params.`a``b`") == .parameter("a`b"))
        #expect(try SearchKey.parse("tags.team.lead") == .tag("team.lead"))
        #expect(try SearchKey.parse("DISPLAY_NAME") == .attribute(.displayName))
        for attribute in SearchAttribute.allCases {
            #expect(try SearchKey.parse(attribute.rawValue) == .attribute(attribute))
        }
        #expect(SearchKey.parameter("n-clusters").spelling == "params.`n-clusters`")
        #expect(try SearchKey.parse(SearchKey.metric("val.loss", .min).spelling) == .metric("val.loss", .min))
    }

    @Test func literals() throws {
        #expect(try filter("params.a = -1.5e-3") == p(a, .equal, .number(-1.5e-3, text: "-1.5e-3")))
        #expect(try filter("params.a = +2") == p(a, .equal, .number(2, text: "2")))
        #expect(try filter("params.a = .5") == p(a, .equal, .number(0.5, text: ".5")))
        #expect(try filter("params.a>-1") == p(a, .greater, .number(-1, text: "-1")))
        #expect(try filter(#"params.a = "say \"hi\"\n""#) == p(a, .equal, .string("say \"hi\"\n")))
        #expect(try filter("params.a = 'it''s'") == p(a, .equal, .string("it's")))
        #expect(try filter(#"params.a = 'it\'s'"#) == p(a, .equal, .string("it's")))
        #expect(try filter("params.a = 'naïve ✓'") == p(a, .equal, .string("naïve ✓")))
    }

    @Test func createdAcceptsDatesAndEpochs() throws {
        let cases: [(String, Double)] = [
            (#""2025-03-01""#, 1_740_787_200), (#""2025-03-01T12:30:00Z""#, 1_740_832_200),
            (#""2025-03-01 12:30""#, 1_740_832_200), (#""2025-03-01T12:30:00.25+02:00""#, 1_740_825_000.25),
            (#""2024-02-29T00:00:00-0100""#, 1_709_168_400), ("1740787200", 1_740_787_200),
        ]
        for (text, epoch) in cases {
            guard case .predicate(let pr) = try filter("created > " + text), case .number(let v, _) = pr.values[0] else {
                Issue.record("no number for \(text)"); continue
            }
            #expect(v == epoch, "\(text)")
        }
        #expect(error(#"created > "2025-02-30""#)?.column == 11)
        #expect(error(#"created > "yesterday""#)?.message.contains("ISO-8601") == true)
    }

    @Test func statusIsCanonicalised() throws {
        #expect(try filter("status = 'completed'") == p(.attribute(.status), .equal, .string("Completed")))
        #expect(try filter("status in ('inprogress', 'FAILED')")
                == p(.attribute(.status), .in, .string("InProgress"), .string("Failed")))
        #expect(error("status = 'done'")?.message.contains("InProgress, Completed") == true)
    }

    @Test func orderLimitOffset() throws {
        let q = try SearchQuery.parse("ORDER BY metrics.s.max DESC, params.k, name asc LIMIT 20 offset 40")
        #expect(q.filter == nil)
        #expect(q.ordering == [SearchOrdering(key: .metric("s", .max), descending: true),
                               SearchOrdering(key: .parameter("k")), SearchOrdering(key: .attribute(.name))])
        #expect(q.limit == 20 && q.offset == 40)
        #expect(try SearchQuery.parse("   ") == SearchQuery())
        #expect(try SearchQuery.parse("limit 0").limit == 0)
    }

    @Test func errorsPointAtTheColumn() {
        let cases: [(String, Int, String)] = [
            ("metrics.silhouette.max > and x", 26, "expected a value"),
            ("metrics.silhouette.max >", 25, "expected a value"),
            ("params.a = 1 and", 17, "expected a key"),
            ("params.a = 1 params.b = 2", 14, "expected 'and', 'or'"),
            ("(params.a = 1", 14, "expected ')'"),
            ("foo = 1", 1, "unknown key 'foo'"),
            ("params = 1", 8, "expected '.'"),
            ("params.a ~ 1", 10, "unexpected character '~'"),
            ("params.a like 'x'", 10, "expected an operator"),
            ("params.a = 'abc", 12, "unterminated text"),
            ("params.a in 1", 13, "expected '('"),
            ("params.a in (1 2)", 16, "expected ',' or ')'"),
            ("params.a not 1", 14, "expected 'in', 'contains' or 'exists'"),
            ("metrics.s > 'high'", 13, "is a number"),
            ("metrics.s contains '1'", 11, "needs a text key"),
            ("params.a = `x`", 12, "backticks quote key names"),
            ("order metrics.s", 7, "expected 'by'"),
            ("limit -1", 7, "whole number"),
            ("limit 2.5", 7, "whole number"),
            ("order by params.a limit 5 extra", 27, "expected end of query"),
            ("params.a = 5abc", 13, "unexpected 'a'"),
            ("params.a ! 1", 10, "expected '!='"),
        ]
        for (text, column, fragment) in cases {
            guard let e = error(text) else { Issue.record("no error for \(text)"); continue }
            #expect(e.column == column, "\(text): \(e.description)")
            #expect(e.message.contains(fragment), "\(text): \(e.message)")
        }
    }

    @Test func caretDisplay() {
        let e = error("metrics.s.max > and x")!
        #expect(e.display == "metrics.s.max > and x\n                ^ " + e.message)
        #expect(e.description.hasPrefix("search error at column 17: expected a value"))
    }
}
