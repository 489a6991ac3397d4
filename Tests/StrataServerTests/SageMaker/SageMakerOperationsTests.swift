import Foundation
import Hummingbird
import HummingbirdTesting
import StrataTracking
import Testing
@testable import StrataServer

@Suite struct SageMakerOperationsTests {
    @Test func experimentLifecycleWithARNsAndDuplicateCreate() async throws {
        let harness = try SageMakerHarness()
        try await harness.application().test(.router) { client in
            let created = try await client.sageMaker("CreateExperiment", #"{"ExperimentName": "churn", "Description": "Q3", "Tags": [{"Key": "team", "Value": "growth"}]}"#)
            #expect(created.status == 200)
            #expect(created.json["ExperimentArn"] as? String == "arn:aws:sagemaker:eu-west-1:123456789012:experiment/churn")
            let duplicate = try await client.sageMaker("CreateExperiment", #"{"ExperimentName": "churn"}"#)
            #expect(duplicate.status == 400 && duplicate.errorType == "ValidationException")
            #expect(duplicate.message.contains("already exists"))
            let updated = try await client.sageMaker("UpdateExperiment", #"{"ExperimentName": "churn", "DisplayName": "churn-2024"}"#)
            #expect(updated.status == 200)
            let described = try await client.sageMaker("DescribeExperiment", #"{"ExperimentName": "churn"}"#)
            #expect(described.json["DisplayName"] as? String == "churn-2024")
            #expect(described.json["Description"] as? String == "Q3")
            #expect((described.json["CreationTime"] as? Double).map { abs($0 - Date().timeIntervalSince1970) < 600 } == true)
            let listed = try await client.sageMaker("ListExperiments")
            #expect((listed.json["ExperimentSummaries"] as? [[String: Any]])?.compactMap { $0["ExperimentName"] as? String } == ["churn"])
            #expect(try await client.sageMaker("DeleteExperiment", #"{"ExperimentName": "churn"}"#).status == 200)
            let gone = try await client.sageMaker("DescribeExperiment", #"{"ExperimentName": "churn"}"#)
            #expect(gone.status == 400 && gone.errorType == "ResourceNotFound")
        }
        #expect(try await harness.store.experiments().isEmpty)
    }

    @Test func componentUpdateIsAnUpsertWithRemovals() async throws {
        let harness = try SageMakerHarness()
        try await harness.application().test(.router) { client in
            #expect(try await client.sageMaker("CreateTrialComponent", #"""
                {"TrialComponentName": "fit", "DisplayName": "fit", "StartTime": 1765000000.5,
                 "Parameters": {"k": {"NumberValue": 4}, "algorithm": {"StringValue": "kmeans"}, "seed": {"NumberValue": 7}},
                 "InputArtifacts": {"customers": {"Value": "s3://b/customers.csv", "MediaType": "text/csv"}}}
                """#).status == 200)
            let update = try await client.sageMaker("UpdateTrialComponent", #"""
                {"TrialComponentName": "fit", "Status": {"PrimaryStatus": "Failed", "Message": "diverged"}, "EndTime": 1765000100,
                 "Parameters": {"k": {"NumberValue": 5}}, "ParametersToRemove": ["seed"], "InputArtifactsToRemove": ["customers"],
                 "OutputArtifacts": {"labels": {"Value": "file:///tmp/labels.csv", "MediaType": "text/csv"}}}
                """#)
            #expect(update.status == 200)
            let again = try await client.sageMaker("CreateTrialComponent", #"{"TrialComponentName": "fit"}"#)
            #expect(again.errorType == "ValidationException" && again.message.contains("already exists"))
        }
        let component = try await harness.store.component(named: "fit")
        #expect(component.parameters == ["k": .number(5), "algorithm": .string("kmeans")])
        #expect(component.inputs.isEmpty)
        #expect(component.outputs["labels"]?.mediaType == "text/csv")
        #expect(component.status == TrialComponentStatus(.failed, message: "diverged"))
        #expect(component.startTime?.timeIntervalSince1970 == 1765000000.5)
        #expect(component.endTime?.timeIntervalSince1970 == 1765000100)
    }

    @Test func metricsArePutPerPointAndReadBackBucketed() async throws {
        let harness = try SageMakerHarness()
        _ = try await harness.store.loadOrCreateComponent("fit")
        let values = [0.5, 0.25, 0.75, 1.0]
        try await harness.application().test(.router) { client in
            let data = values.enumerated().map { #"{"MetricName": "loss", "Timestamp": \#(1765000000 + $0.offset), "Step": \#($0.offset / 2), "Value": \#($0.element)}"# }
            let put = try await client.metrics("/BatchPutMetrics", method: .put, #"""
                {"TrialComponentName": "fit", "MetricData": [\#(data.joined(separator: ",")), {"MetricName": "loss", "Timestamp": 1765000000, "Step": -1, "Value": 1}]}
                """#)
            #expect(put.status == 200)
            #expect((put.json["Errors"] as? [[String: Any]])?.first?["MetricIndex"] as? Int == values.count)
            let arn = "arn:aws:sagemaker:eu-west-1:123456789012:experiment-trial-component/fit"
            let get = try await client.metrics("/BatchGetMetrics", method: .post, #"""
                {"MetricQueries": [{"MetricName": "loss", "ResourceArn": "\#(arn)", "MetricStat": "Max", "Period": "IterationNumber", "XAxisType": "IterationNumber"},
                                   {"MetricName": "loss", "ResourceArn": "\#(arn)", "MetricStat": "Avg", "Period": "OneMinute", "XAxisType": "Timestamp"},
                                   {"MetricName": "loss", "ResourceArn": "\#(arn.replacingOccurrences(of: "/fit", with: "/nope"))", "MetricStat": "Max", "Period": "OneMinute", "XAxisType": "Timestamp"}]}
                """#)
            let results = try #require(get.json["MetricQueryResults"] as? [[String: Any]])
            #expect(results[0]["XAxisValues"] as? [Int] == [0, 1])
            #expect(results[0]["MetricValues"] as? [Double] == [max(values[0], values[1]), max(values[2], values[3])])
            #expect(results[1]["MetricValues"] as? [Double] == [values.reduce(0, +) / Double(values.count)])
            #expect(results[2]["Status"] as? String == "ValidationError")
            let described = try await client.sageMaker("DescribeTrialComponent", #"{"TrialComponentName": "\#(arn)"}"#)
            let summary = try #require((described.json["Metrics"] as? [[String: Any]])?.first)
            #expect(summary["Count"] as? Int == values.count && summary["Max"] as? Double == values.max())
            #expect(summary["Last"] as? Double == values.last)
        }
    }

    /// Every client mistake is a 400 ValidationException whose message names the member.
    @Test(arguments: [
        ("CreateExperiment", "{", "JSON"),
        ("CreateExperiment", #"{"ExperimentName": 5}"#, "ExperimentName"),
        ("CreateExperiment", "{}", "ExperimentName"),
        ("CreateExperiment", "[1, 2]", "body"),
        ("CreateExperiment", #"{"ExperimentName": "has space"}"#, "ExperimentName"),
        ("CreateExperiment", #"{"ExperimentName": "e", "Description": "\#(String(repeating: "d", count: 3073))"}"#, "Description"),
        ("CreateExperiment", #"{"ExperimentName": "e", "Tags": [\#((0...50).map { #"{"Key": "k\#($0)", "Value": "v"}"# }.joined(separator: ","))]}"#, "Tags"),
        ("CreateExperiment", #"{"ExperimentName": "e", "Tags": [{"Key": "a#b", "Value": "v"}]}"#, "Key"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "Parameters": {\#((0...300).map { #""p\#($0)": {"NumberValue": 1}"# }.joined(separator: ","))}}"#, "Parameters"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "Parameters": {"p": {"StringValue": "\#(String(repeating: "s", count: 2501))"}}}"#, "Parameters.p.StringValue"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "Parameters": {"p": {}}}"#, "Parameters.p"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "Parameters": {"p": {"NumberValue": "one"}}}"#, "NumberValue"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "OutputArtifacts": {"a": {"Value": "v", "MediaType": "csv"}}}"#, "MediaType"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "InputArtifacts": {\#((0...60).map { #""a\#($0)": {"Value": "v"}"# }.joined(separator: ","))}}"#, "InputArtifacts"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "Status": {"PrimaryStatus": "Done"}}"#, "Status.PrimaryStatus"),
        ("CreateTrialComponent", #"{"TrialComponentName": "c", "StartTime": "yesterday"}"#, "StartTime"),
        ("ListExperiments", #"{"MaxResults": 0}"#, "MaxResults"),
        ("ListTrials", #"{"SortBy": "Size"}"#, "SortBy"),
        ("ListTrialComponents", #"{"NextToken": "garbage"}"#, "NextToken"),
        ("Search", #"{"Resource": "TrainingJob"}"#, "Resource"),
        ("Search", #"{"Resource": "ExperimentTrialComponent", "SearchExpression": {"Filters": [{"Name": "StartTime", "Operator": "Exists"}]}}"#, "StartTime"),
        ("Search", #"{"Resource": "ExperimentTrialComponent", "SearchExpression": {"Filters": [{"Name": "Metrics.loss.Max", "Operator": "GreaterThan", "Value": "low"}]}}"#, "Metrics.loss.Max"),
        ("Search", #"{"Resource": "ExperimentTrialComponent", "SearchExpression": {"Filters": [{"Name": "DisplayName", "Operator": "Like", "Value": "a"}]}}"#, "Operator"),
        ("AddTags", #"{"ResourceArn": "arn:aws:sagemaker:eu-west-1:123456789012:training-job/x", "Tags": []}"#, "ResourceArn"),
    ])
    func badRequestsAreValidationErrors(operation: String, body: String, named: String) async throws {
        let harness = try SageMakerHarness()
        try await harness.application().test(.router) { client in
            let reply = try await client.sageMaker(operation, body)
            #expect(reply.status == 400, "\(operation) \(body.prefix(80)) → \(reply.status) \(reply.json)")
            #expect(reply.errorType == "ValidationException")
            #expect(reply.message.contains(named), "\(reply.message) should name \(named)")
        }
        #expect(try await harness.store.experiments().isEmpty)
        #expect(try await harness.store.components().isEmpty)
    }

    @Test func unknownOperationsAndRefusedCredentials() async throws {
        let harness = try SageMakerHarness()
        try await harness.application().test(.router) { client in
            let unknown = try await client.sageMaker("CreateTrainingJob", #"{"TrainingJobName": "x"}"#)
            #expect(unknown.status == 400 && unknown.errorType == "UnknownOperationException")
            let untargeted = try await client.sageMaker(nil)
            #expect(untargeted.status == 400 && untargeted.errorType == "UnknownOperationException")
            let anonymous = try await client.sageMaker("ListExperiments", key: nil)
            #expect(anonymous.status == 403 && anonymous.errorType == "MissingAuthenticationTokenException")
            let stranger = try await client.sageMaker("ListExperiments", key: "AKIANOTISSUED0000000")
            #expect(stranger.status == 403 && stranger.errorType == "UnrecognizedClientException")
        }
    }

    @Test func viewerReadsGrantedExperimentsOnlyAndWritesNothing() async throws {
        let harness = try SageMakerHarness()
        for experiment in ["granted", "secret"] {
            _ = try await harness.store.loadOrCreateExperiment(experiment)
            _ = try await harness.store.loadOrCreateTrial("\(experiment)-t", experiment: experiment)
            _ = try await harness.store.loadOrCreateComponent("\(experiment)-c")
            try await harness.store.associate(component: "\(experiment)-c", trial: "\(experiment)-t")
        }
        _ = try await harness.store.loadOrCreateComponent("orphan")
        let viewer = SageMakerHarness.viewerKey
        try await harness.application().test(.router) { client in
            let experiments = try await client.sageMaker("ListExperiments", key: viewer)
            #expect((experiments.json["ExperimentSummaries"] as? [[String: Any]])?.compactMap { $0["ExperimentName"] as? String } == ["granted"])
            let components = try await client.sageMaker("ListTrialComponents", key: viewer)
            #expect((components.json["TrialComponentSummaries"] as? [[String: Any]])?.compactMap { $0["TrialComponentName"] as? String } == ["granted-c"])
            let search = try await client.sageMaker("Search", #"{"Resource": "ExperimentTrial"}"#, key: viewer)
            #expect((search.json["Results"] as? [[String: Any]])?.compactMap { ($0["Trial"] as? [String: Any])?["TrialName"] as? String } == ["granted-t"])
            for (operation, body) in [("DescribeExperiment", #"{"ExperimentName": "secret"}"#), ("DescribeTrial", #"{"TrialName": "secret-t"}"#),
                                      ("DescribeTrialComponent", #"{"TrialComponentName": "orphan"}"#),
                                      ("ListTrials", #"{"ExperimentName": "secret"}"#),
                                      ("CreateExperiment", #"{"ExperimentName": "mine"}"#),
                                      ("UpdateTrialComponent", #"{"TrialComponentName": "granted-c"}"#)] {
                let refused = try await client.sageMaker(operation, body, key: viewer)
                #expect(refused.status == 403 && refused.errorType == "AccessDeniedException", "\(operation) → \(refused.json)")
            }
            #expect(try await client.sageMaker("DescribeTrialComponent", #"{"TrialComponentName": "granted-c"}"#, key: viewer).status == 200)
        }
    }

    @Test func everyOperationIsInTheRouteTableWithItsRule() throws {
        let harness = try SageMakerHarness()
        let table = buildRouter(services: harness.services).routes
        let operations = table.entries.filter { $0.api == .sageMaker && $0.operation != nil }
        #expect(Set(operations.compactMap(\.operation)) == Set(SageMakerAPI.operations.keys))
        #expect(operations.allSatisfy { entry in
            let reads = entry.operation!.hasPrefix("Describe") || entry.operation!.hasPrefix("List") || entry.operation == "Search"
            return entry.rule == (reads ? .read : .write)
        })
        #expect(table.rule(method: "POST", path: "/", operation: "Search") == .read)
        #expect(table.entries.contains { $0.path == "/BatchPutMetrics" && $0.method == "PUT" && $0.rule == .write })
        #expect(table.entries.contains { $0.path == "/BatchGetMetrics" && $0.method == "POST" && $0.rule == .read })
    }
}
