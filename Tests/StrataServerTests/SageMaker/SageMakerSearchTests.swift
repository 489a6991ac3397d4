import Foundation
import Hummingbird
import HummingbirdTesting
import StrataTracking
import Testing
@testable import StrataServer

/// SageMaker `Search` must answer exactly what the equivalent query of Strata's search language
/// answers on the same store: each case pairs a SearchExpression with that query.
@Suite struct SageMakerSearchTests {
    /// Two experiments, a trial each, six components with numeric and text parameters, metrics,
    /// tags and statuses.
    static func populate(_ store: any TrackingStore) async throws {
        for experiment in ["alpha", "beta"] {
            _ = try await store.loadOrCreateExperiment(experiment)
            _ = try await store.loadOrCreateTrial("\(experiment)-t", experiment: experiment)
        }
        for index in 0..<6 {
            let name = "c\(index)"
            _ = try await store.loadOrCreateComponent(name, displayName: index.isMultiple(of: 2) ? "even-\(index)" : nil,
                                                      tags: index < 3 ? ["owner": "ana"] : [:])
            try await store.associate(component: name, trial: index < 4 ? "alpha-t" : "beta-t")
            var batch = TrackingWriteBatch(component: name)
            batch.parameters = ["k": .number(Double(index + 2)), "algorithm": .string(index < 3 ? "kmeans" : "dbscan")]
            if index == 5 { batch.parameters["k"] = .string("5") }
            batch.metricPoints = (0..<3).map { MetricPoint(name: "silhouette", value: Double(index) / 10 + Double($0) / 100, step: $0, timestamp: 1_765_000_000) }
            batch.statusChange = .init(status: TrialComponentStatus(index == 1 ? .failed : .completed))
            try await store.apply(batch)
        }
    }

    static let cases: [(expression: String, query: String)] = [
        (#"{"Filters": [{"Name": "Parameters.k", "Operator": "Equals", "Value": "5"}]}"#, #"params.k in (5, "5")"#),
        (#"{"Filters": [{"Name": "Parameters.k", "Operator": "GreaterThan", "Value": "3"}, {"Name": "Metrics.silhouette.Max", "Operator": "LessThan", "Value": "0.4"}]}"#,
         "params.k > 3 and metrics.silhouette.max < 0.4"),
        (#"{"Filters": [{"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": "beta"}, {"Name": "Tags.owner", "Operator": "Exists"}], "Operator": "Or"}"#,
         #"experiment = "beta" or tags.owner exists"#),
        (#"{"Filters": [{"Name": "Parameters.algorithm", "Operator": "Contains", "Value": "db"}], "SubExpressions": [{"Filters": [{"Name": "Status.PrimaryStatus", "Operator": "Equals", "Value": "Failed"}, {"Name": "DisplayName", "Operator": "NotExists"}], "Operator": "Or"}]}"#,
         #"params.algorithm contains "db" and (status = "Failed" or display_name not exists)"#),
        (#"{"Filters": [{"Name": "TrialComponentName", "Operator": "In", "Value": "c1, c3,c4"}, {"Name": "Parameters.k", "Operator": "NotEquals", "Value": "5"}]}"#,
         #"name in ("c1", "c3", "c4") and params.k not in (5, "5")"#),
        (#"{"NestedFilters": [{"NestedPropertyName": "Parents", "Filters": [{"Name": "Parents.TrialName", "Operator": "Equals", "Value": "alpha-t"}]}], "Filters": [{"Name": "Metrics.silhouette.Count", "Operator": "GreaterThanOrEqualTo", "Value": "3"}]}"#,
         #"trial = "alpha-t" and metrics.silhouette.count >= 3"#),
    ]

    @Test(arguments: 0..<SageMakerSearchTests.cases.count)
    func searchMatchesTheEquivalentQuery(index: Int) async throws {
        let (expression, query) = Self.cases[index]
        let harness = try SageMakerHarness()
        try await Self.populate(harness.store)
        let expected = try await harness.store.search(query + " order by metrics.silhouette.max desc", target: .components)
        #expect(!expected.isEmpty)
        try await harness.application().test(.router) { client in
            var names: [String] = []
            var token: String?
            repeat {   // two per page, to walk NextToken as clients do
                let next = token.map { #", "NextToken": "\#($0)""# } ?? ""
                let reply = try await client.sageMaker("Search", #"""
                    {"Resource": "ExperimentTrialComponent", "SearchExpression": \#(expression), "SortBy": "Metrics.silhouette.Max", "MaxResults": 2\#(next)}
                    """#)
                #expect(reply.status == 200, "\(reply.json)")
                let results = reply.json["Results"] as? [[String: Any]] ?? []
                names += results.compactMap { ($0["TrialComponent"] as? [String: Any])?["TrialComponentName"] as? String }
                token = reply.json["NextToken"] as? String
            } while token != nil && names.count < 20
            #expect(names == expected, "\(expression) should match \(query)")
        }
    }

    @Test func recordsCarryParentsTagsAndSummaries() async throws {
        let harness = try SageMakerHarness()
        try await Self.populate(harness.store)
        try await harness.application().test(.router) { client in
            let reply = try await client.sageMaker("Search", #"{"Resource": "ExperimentTrialComponent", "SearchExpression": {"Filters": [{"Name": "TrialComponentName", "Value": "c2"}]}}"#)
            let record = try #require((reply.json["Results"] as? [[String: Any]])?.first?["TrialComponent"] as? [String: Any])
            #expect(record["Parents"] as? [[String: String]] == [["TrialName": "alpha-t", "ExperimentName": "alpha"]])
            #expect(record["Tags"] as? [[String: String]] == [["Key": "owner", "Value": "ana"]])
            #expect((record["Parameters"] as? [String: [String: Any]])?["algorithm"]?["StringValue"] as? String == "kmeans")
            #expect((record["Metrics"] as? [[String: Any]])?.first?["Count"] as? Int == 3)
            let trials = try await client.sageMaker("Search", #"{"Resource": "ExperimentTrial", "SearchExpression": {"Filters": [{"Name": "ExperimentName", "Value": "beta"}]}}"#)
            let trial = try #require((trials.json["Results"] as? [[String: Any]])?.first?["Trial"] as? [String: Any])
            #expect((trial["TrialComponentSummaries"] as? [[String: Any]])?.compactMap { $0["TrialComponentName"] as? String }.sorted() == ["c4", "c5"])
            let experiments = try await client.sageMaker("Search", #"{"Resource": "Experiment", "SearchExpression": {"Filters": [{"Name": "ExperimentName", "Operator": "In", "Value": "beta,gamma"}]}}"#)
            #expect((experiments.json["Results"] as? [[String: Any]])?.compactMap { ($0["Experiment"] as? [String: Any])?["ExperimentName"] as? String } == ["beta"])
        }
    }

    @Test func translatedQueriesSurviveTheParser() throws {
        let translator = SageMakerSearchTranslator(target: .components)
        let expression = try JSONDecoder().decode(SageMakerSearchRequest.Expression.self, from: Data(#"""
            {"Filters": [{"Name": "Parameters.odd \"name\"", "Value": "a\\b\"c"}, {"Name": "Metrics.val.loss.StdDev", "Operator": "LessThan", "Value": "1e-3"}]}
            """#.utf8))
        let query = SearchQuery(filter: try translator.translate(expression))
        #expect(try SearchQuery.parse(query.text) == query)
    }
}
