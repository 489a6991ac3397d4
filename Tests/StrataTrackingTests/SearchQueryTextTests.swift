import Testing
import StrataTracking

/// `SearchQuery.text` writes a query back in the language: parsing it gives the same query.
@Suite struct SearchQueryTextTests {
    @Test(arguments: [
        #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = 'ana') order by metrics.silhouette.last desc limit 20"#,
        #"not params.k in (3, "3", -1.5e3) or display_name not exists offset 4"#,
        #"params.`odd "name"` contains "a\\b\"c" and metrics.`val.loss`.std <= .001"#,
        #"experiment != "x" and trial not contains 'y' and status = "failed" and created >= "2025-03-01T12:00:00Z""#,
        "order by name asc, created desc",
        "",
    ])
    func textParsesBackToTheSameQuery(source: String) throws {
        let query = try SearchQuery.parse(source)
        #expect(try SearchQuery.parse(query.text) == query, "\(query.text)")
    }
}
