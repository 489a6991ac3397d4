import Foundation
import Testing
@testable import StrataServer

/// MLflow filter strings parsed and translated into Strata's search language.
@Suite struct MLflowRunSearchTests {
    func query(_ filter: String, order: [String] = [], view: String? = nil) throws -> String {
        let body = try JSONDecoderForTests.searchRuns(filter: filter, orderBy: order, view: view)
        return try MLflowRunSearch(body, experiments: ["segments"]).query
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
        #expect(MLflowLikePattern("a%b_", caseInsensitive: false).matches("axxbz"))
        #expect(!MLflowLikePattern("a%b_", caseInsensitive: false).matches("Axxbz"))
        #expect(MLflowLikePattern("a%B_", caseInsensitive: true).matches("Axxbz"))
        #expect(MLflowLikePattern("%", caseInsensitive: false).matches(""))
        #expect(!MLflowLikePattern("_", caseInsensitive: false).matches(""))
    }

    @Test(arguments: ["metrics.a > 1 or metrics.b > 2", "metrics.a > 'x'", "params.a > '1'", "foo.a = 1",
                      "metrics.a >", "params.a = 'unterminated", "attributes.colour = 'red'"])
    func refusesWhatMLflowRefuses(_ filter: String) {
        #expect(throws: ServerError.self) { try query(filter) }
    }
}

/// Builds request messages the way the client's JSON would.
enum JSONDecoderForTests {
    static func searchRuns(filter: String, orderBy: [String], view: String?) throws -> MLflowRequests.SearchRuns {
        var body: [String: Any] = ["filter": filter, "order_by": orderBy, "experiment_ids": ["segments"]]
        if let view { body["run_view_type"] = view }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(MLflowRequests.SearchRuns.self, from: JSONSerialization.data(withJSONObject: body))
    }
}
