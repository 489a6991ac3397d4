import Foundation
import Testing
import StrataServer

/// MLflow filter strings parsed and translated into Strata's search language.
@Suite struct MLflowCompatibilityQueryTests {
    func query(_ filter: String, order: [String] = [], view: String = "ACTIVE_ONLY") throws -> String {
        try MLflowCompatibility.strataQuery(filter: filter, orderBy: order, runViewType: view, experiments: ["segments"])
    }

    @Test func translatesClausesJoinedByAnd() throws {
        let translated = try query(#"metrics.rmse < 0.8 and params.`max depth` = '4' AND tag."team name" != "ml" and params.model = 'rf'"#)
        #expect(translated == #"experiment in ("segments") and tags.`strata.mlflow.deleted` not exists and metrics.`rmse`.last < 0.8 and params.`max depth` = 4 and tags.`team name` != "ml" and params.`model` = "rf" order by created desc"#)
    }

    @Test func attributesAndOrdering() throws {
        let translated = try query("attributes.run_id IN ('a1', 'b2') and status = 'FINISHED' and attribute.user_id = 'ana'",
                                   order: ["metrics.acc DESC", "attributes.start_time"], view: "ALL")
        #expect(translated == #"experiment in ("segments") and name in ("a1", "b2") and status = "Completed" and tags.`mlflow.user` = "ana" order by metrics.`acc`.last desc, created asc"#)
    }

    @Test func likeNarrowsToTheKeyAndIsCheckedOnCandidates() throws {
        #expect(try query("tags.owner ILIKE 'a%' and params.x IS NULL", view: "DELETED_ONLY")
                == #"experiment in ("segments") and tags.`strata.mlflow.deleted` exists and tags.`owner` exists and params.`x` not exists order by created desc"#)
        #expect(MLflowCompatibility.like("a%b_", matches: "axxbz"))
        #expect(!MLflowCompatibility.like("a%b_", matches: "Axxbz"))
        #expect(MLflowCompatibility.like("a%B_", matches: "Axxbz", caseInsensitive: true))
        #expect(MLflowCompatibility.like("%", matches: ""))
        #expect(!MLflowCompatibility.like("_", matches: ""))
    }

    @Test(arguments: ["metrics.a > 1 or metrics.b > 2", "metrics.a > 'x'", "params.a > '1'", "foo.a = 1",
                      "metrics.a >", "params.a = 'unterminated", "attributes.colour = 'red'"])
    func refusesWhatMLflowRefuses(_ filter: String) {
        #expect(throws: ServerError.self) { try query(filter) }
    }
}
