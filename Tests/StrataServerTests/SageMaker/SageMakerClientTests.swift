import Foundation
import Hummingbird
import HummingbirdTesting
import StrataTracking
import Testing
@testable import StrataServer

/// The real `sagemaker-experiments` 0.1.45 SDK and boto3 against a live server, then the same
/// record through the `strata` CLI (trials show, the search language, the leaderboard export).
@Suite struct SageMakerClientTests {
    @Test func smexperimentsRoundTripShowsInTheCLI() async throws {
        let python = try ChildProcess.clientPython()
        let harness = try SageMakerHarness()
        let script = ChildProcess.repositoryRoot.appendingPathComponent("Tests/Clients/sagemaker_roundtrip.py")
        let outcome = try await harness.application().test(.live) { client in
            let port = try #require(client.port)
            return try await ChildProcess.run(python, [script.path], environment: [
                "SAGEMAKER_ENDPOINT": "http://127.0.0.1:\(port)",
                "AWS_REGION": SageMakerHarness.region, "AWS_DEFAULT_REGION": SageMakerHarness.region,
                "AWS_ACCESS_KEY_ID": SageMakerHarness.editorKey, "AWS_SECRET_ACCESS_KEY": "secret-not-checked-by-the-test-authenticator",
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                "STRATA_EXPERIMENT": "segments",
            ])
        }
        try #require(outcome.code == 0, "sagemaker_roundtrip.py failed:\n\(outcome.stderr.suffix(4000))")
        let line = try #require(outcome.stdout.split(separator: "\n").last)
        let wrote = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let fit = try #require(wrote["fit"] as? String), failed = try #require(wrote["failed"] as? String)
        let silhouette = try #require(wrote["silhouette"] as? [Double])

        let strata = try ChildProcess.strata()
        let store = "sqlite:\(harness.storePath)"
        let shown = try await ChildProcess.run(strata, ["trials", "show", "segments-kmeans", "--store", store, "--json"])
        try #require(shown.code == 0, shown.stderr)
        let trial = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let components = try #require(trial["components"] as? [[String: Any]])
        let preprocessing = try #require(wrote["preprocessing"] as? String)
        #expect(Set(components.compactMap { $0["name"] as? String }) == [fit, failed, preprocessing])
        let failedStatus = components.first { $0["name"] as? String == failed }?["status"] as? [String: Any]
        #expect(failedStatus?["primary"] as? String == "Failed")
        #expect((failedStatus?["message"] as? String)?.contains("every point is noise") == true)

        let searched = try await ChildProcess.run(strata, ["search", #"experiment = "segments" and params.algorithm = "kmeans" and metrics.silhouette.max >= 0.4"#,
                                                           "--store", store, "--json"])
        try #require(searched.code == 0, searched.stderr)
        #expect(searched.stdout.contains(fit) && !searched.stdout.contains(failed))

        let exported = try await ChildProcess.run(strata, ["export", "--experiment", "segments", "--columns", "params.k,metrics.silhouette.max,metrics.silhouette.count",
                                                           "--search", "params.k exists", "--format", "csv", "--store", store])
        try #require(exported.code == 0, exported.stderr)
        let rows = exported.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let fitRow = try #require(rows.first { $0.first == fit }, exported.stdout)
        #expect(fitRow.dropFirst().compactMap { Double($0) } == [4, silhouette.max()!, Double(silhouette.count)])
    }
}
