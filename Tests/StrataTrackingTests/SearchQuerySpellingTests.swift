import Testing
import StrataTracking

/// A query spelled back as text parses to the same query: what the remote store sends, and how
/// the SageMaker and MLflow layers run their translated queries through the store's one `search`.
@Suite struct SearchQuerySpellingTests {
    static let queries = [
        "",
        "metrics.silhouette.max > 0.4",
        #"params.algorithm = "dbscan" and (tags.owner = 'ana' or not status = "Failed")"#,
        "params.k in (3, 4, 5) order by metrics.loss desc, name limit 5 offset 10",
        #"params.`n-clusters` not in ("a\"b", 'c\\d') and tags.x not exists"#,
        #"display_name contains "x\ny" and experiment != "e1" and created >= "2025-03-01""#,
        "metrics.`val.loss`.min <= -1.5e-3 or metrics.m.count exists",
        "order by created asc",
        #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = 'ana') order by metrics.silhouette.last desc limit 20"#,
        #"not params.k in (3, "3", -1.5e3) or display_name not exists offset 4"#,
        #"params.`odd "name"` contains "a\\b\"c" and metrics.`val.loss`.std <= .001"#,
        #"experiment != "x" and trial not contains 'y' and status = "failed" and created >= "2025-03-01T12:00:00Z""#,
    ]

    @Test(arguments: queries)
    func spellingParsesBack(_ text: String) throws {
        let query = try SearchQuery.parse(text)
        #expect(try SearchQuery.parse(query.spelling) == query, "\(query.spelling)")
    }
}
