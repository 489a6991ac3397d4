import Foundation
import StrataServer
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport

/// The MLflow API of a real `strata serve` driven by the real mlflow client
/// (Tests/Clients/mlflow_roundtrip.py) with a user's token, then checked in the Strata record.
@Suite struct MLflowAPITests {
    @Test func realClientRoundTripLandsInTheRecord() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ana", role: "editor")])
        defer { server.stop(); try? FileManager.default.removeItem(at: server.directory) }
        let output = try await MLflowClientScript.run("mlflow_roundtrip.py", arguments: [server.baseURL.absoluteString],
                                                      environment: ["MLFLOW_TRACKING_TOKEN": server.user("ana").token,
                                                                    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0",
                                                                    // Its telemetry thread edits the environment
                                                                    // while requests read it (a KeyError seen once).
                                                                    "MLFLOW_DISABLE_TELEMETRY": "true"])
        // The client prints run links on stdout too; the script's JSON is its last line.
        let last = try #require(String(decoding: output, as: UTF8.self).split(separator: "\n").last)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let experimentID = try #require(result["experiment_id"] as? String)
        let runs = try #require(result["runs"] as? [String: String])
        let (kmeans, dbscan, failed) = (runs["kmeans"] ?? "", runs["dbscan"] ?? "", runs["failed"] ?? "")

        // What the client saw.
        #expect(experimentID == "n--" + "churn segments/2024".utf8.map { String(format: "%02x", $0) }.joined())
        #expect(result["experiment_name"] as? String == "churn segments/2024")
        #expect(kmeans.count == 32 && kmeans.allSatisfy(\.isHexDigit))
        #expect(result["immutable"] as? String == "INVALID_PARAMETER_VALUE")
        let run = try #require(result["kmeans"] as? [String: Any])
        #expect(run["status"] as? String == "FINISHED")
        #expect(run["run_name"] as? String == "kmeans k4")
        #expect(run["params"] as? [String: String] == ["algorithm": "kmeans", "k": "4", "eps": "0.25"])
        #expect(run["metrics"] as? [String: Double] == ["inertia": 60, "silhouette": 0.41, "dbi": 0.9])
        #expect(run["owner"] as? String == "ana")
        #expect(run["artifact_uri"] as? String == "mlflow-artifacts:/\(experimentID)/\(kmeans)/artifacts")
        #expect(run["has_end"] as? Bool == true)
        #expect(result["dbscan_silhouette"] as? String == String(0.2 + 9.0 / 100))
        #expect(result["failed_status"] as? String == "FAILED")
        #expect(result["history"] as? [[Double]] == [[0, 100], [1, 90], [2, 80], [3, 70], [4, 60]])

        let search = try #require(result["search"] as? [String: [String]])
        #expect(search["silhouette_desc"]?.prefix(2) == [kmeans, dbscan])
        #expect(search["kmeans_good"] == [kmeans])
        #expect(search["owner_like"] == [kmeans])
        #expect(search["name_ilike"] == [kmeans])
        #expect(search["failed"] == [failed])
        #expect(search["in"] == [failed, kmeans])
        #expect(search["numeric_param"] == [kmeans])
        #expect(search["no_k"] == [dbscan, failed])
        #expect(search["quoted_key"] == [dbscan])
        #expect(result["search_runs_default_order"] as? [String] == [failed, dbscan, kmeans])
        #expect(Set(result["after_delete"] as? [String] ?? []) == [kmeans, dbscan])
        #expect(result["deleted_only"] as? [String] == [failed])
        #expect(result["after_restore"] as? [String] == [kmeans, dbscan, failed].sorted())
        #expect(result["dbscan_tags"] as? [String] == [])

        #expect(result["artifacts"] as? [String] == ["reports", "segments.csv"])
        #expect(result["artifacts_q3"] as? [String] == ["reports/q3/segments.csv"])
        let content = "id,segment\n1,0\n2,3\n"
        #expect(result["downloaded"] as? String == content)
        #expect(result["downloaded_tree"] as? [String] == ["reports/q3/segments.csv", "segments.csv"])
        #expect(result["missing_run"] as? String == "RESOURCE_DOES_NOT_EXIST")
        #expect(result["missing_experiment"] as? Bool == true)
        #expect(result["duplicate_experiment"] as? String == "RESOURCE_ALREADY_EXISTS")
        #expect(result["experiments"] as? [String] == ["churn segments/2024"])
        #expect(result["experiment_tags"] as? String == "growth")
        #expect(result["renamed"] as? String == experimentID)

        // The same runs in the Strata record: trials with one component, searchable.
        #expect(server.stop() == 0)
        let store = try openSQLiteTrackingStore(url: server.storeURL)
        let experiment = try await store.experiment(named: experimentID)
        #expect(experiment.tags["team"] == "growth")
        #expect(MLflowCompatibility.mlflowName(of: experiment) == "churn segments (final)")
        #expect(try await store.trials(experiment: experimentID).map(\.name).sorted() == [kmeans, dbscan, failed].sorted())
        let component = try await store.component(named: kmeans)
        #expect(component.trials == [kmeans])
        #expect(component.displayName == "kmeans k4")
        #expect(component.status.primary == .completed)
        #expect(component.parameters["k"] == .number(4) && component.parameters["algorithm"] == .string("kmeans"))
        #expect(component.metrics["inertia"]?.count == 5 && component.metrics["inertia"]?.minimum == 60)
        var hasher = SHA256Hasher()
        hasher.update(Array(content.utf8))
        #expect(component.outputs["reports/q3/segments.csv"]?.sha256 == hasher.finalize())
        let artifact = try #require(component.outputs["segments.csv"])
        let file = try #require(store.artifactFileURL(artifact))
        #expect(try String(contentsOf: file, encoding: .utf8) == content)
        #expect(try await store.metricSeries(component: kmeans, metric: "inertia").map(\.value) == [100, 90, 80, 70, 60])
        #expect(try await store.search("params.k = 4 and metrics.silhouette > 0.3") == [kmeans])
        #expect(try await store.component(named: failed).status.primary == .failed)
    }
}
