import Testing
import StrataTracking

/// A parsed query spelled back as text parses to the same query (what the remote store sends).
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
    ]

    @Test(arguments: queries)
    func spellingParsesBack(_ text: String) throws {
        let query = try SearchQuery.parse(text)
        #expect(try SearchQuery.parse(query.spelling) == query, "\(query.spelling)")
    }
}
