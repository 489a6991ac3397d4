import Foundation
import StrataDashboard
import StrataSQLite
import StrataTracking
import _StrataTestSupport

/// A store filled by a real `strata quickstart` (generated customers, a recorded TPE sweep over
/// KMeans, DBSCAN and HDBSCAN), made once and shared by the report tests.
struct ReportFixture: Sendable {
    let directory: URL
    let storeURL: String
    let experiment = "quickstart"

    static let shared = Task<ReportFixture, any Error> { try ReportFixture() }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-report-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storeURL = "sqlite:\(directory.appendingPathComponent("strata.sqlite").path)"
        let run = try LiveServer.runStrata(["quickstart", "--rows", "1000", "--trials", "6", "--workers", "1", "--seed", "7",
                                            "--dir", directory.appendingPathComponent("files").path, "--store", storeURL], in: directory)
        guard run.status == 0 else {
            throw ReportFixtureError("strata quickstart failed (\(run.status)): \(run.stderr.suffix(2_000))")
        }
    }

    func store() throws -> SQLiteTrackingStore { try openSQLiteTrackingStore(url: storeURL) }

    /// A trial of the run whose components recorded an embedding (a UMAP attempt).
    func trialWithEmbedding(_ store: any TrackingStore) async throws -> String {
        for trial in try await store.trials(experiment: experiment).map(\.name).sorted() {
            let components = try await store.components(trial: trial)
            if components.contains(where: { $0.outputs["embedding.csv"] != nil }) && components.contains(where: { $0.outputs["labels.csv"] != nil }) {
                return trial
            }
        }
        throw ReportFixtureError("no attempt of the quickstart recorded an embedding")
    }

    /// The rows of a recorded CSV artifact (header dropped), split on commas.
    static func csvRows(_ store: any TrackingStore, component: String, artifact: String) async throws -> [[String]] {
        let stored = try await store.component(named: component)
        let data = try await store.artifactContents(try requireArtifact(stored.outputs[artifact], artifact))
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    }
}

struct ReportFixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func requireArtifact(_ artifact: Artifact?, _ name: String) throws -> Artifact {
    guard let artifact else { throw ReportFixtureError("artifact \(name) is not recorded") }
    return artifact
}
