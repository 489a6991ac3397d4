import Foundation
import Strata
import StrataPipelines

/// What the segments artifacts add to a clustering run, stage by stage, beside the stages a run
/// already has (the DBSCAN fit, the shared-space silhouette score). Prints one JSON line.
///
///   bench-segments <embedding.csv> <labels.csv> <shared.csv> [minSamples]
///   bench-segments profile <customers.csv> [rows] [repeats]    (see `profile(_:)`)
///
/// `embedding.csv` / `labels.csv`: a recorded run's artifacts (e.g. 1,000,000 rows);
/// `shared.csv`: the customers file, standing in for the shared space (same rows and width).
@main
struct SegmentsBench {
    static func main() throws {
        let args = CommandLine.arguments
        if args.count >= 3, args[1] == "profile" { return try profile(args) }
        guard args.count >= 4 else {
            FileHandle.standardError.write(Data("usage: bench-segments <embedding.csv> <labels.csv> <shared.csv> [minSamples]\n".utf8))
            exit(2)
        }
        let minSamples = args.count > 4 ? Int(args[4])! : 14
        let embedding = try CSVReader().read(URL(fileURLWithPath: args[1])).matrix
        let labels = try CSVReader(columns: ["label"]).read(URL(fileURLWithPath: args[2])).matrix.storage.map { Int($0) }
        let customers = try CSVReader().read(URL(fileURLWithPath: args[3])).matrix
        let scaled = try StandardScaler().fit(customers).transform(customers)

        var curve: [Float] = []
        let curveSeconds = try time { curve = try KDistance(k: minSamples).curve(embedding) }
        var bytes = 0
        let kDistanceSeconds = try time {
            let artifact = KDistanceArtifact(method: "dbscan", k: minSamples, definition: "", ascending: curve, eps: 0.3, epsSource: "given")
            bytes = try artifact.json().count
        }
        var silhouetteBytes = 0
        let silhouetteSeconds = try time {
            if let artifact = SilhouetteArtifact(shared: scaled, labels: labels) { silhouetteBytes = try artifact.json().count }
        }
        let dbscanSeconds = try time { _ = try DBSCAN(epsilon: 0.3, minSamples: minSamples).fit(embedding) }
        // As a run scores it: undefined (nil) when the sample holds one cluster.
        let scoreSeconds = try time { _ = try? Silhouette(sampleSize: 10_000, seed: 0).evaluate(scaled, labels: labels) }
        print(#"{"rows": \#(embedding.rows), "shared_columns": \#(scaled.columns), "k_distance_curve_s": \#(curveSeconds), "#
            + #""k_distance_artifact_s": \#(kDistanceSeconds), "k_distance_json_bytes": \#(bytes), "#
            + #""silhouette_artifact_s": \#(silhouetteSeconds), "silhouette_json_bytes": \#(silhouetteBytes), "#
            + #""for_scale": {"dbscan_fit_s": \#(dbscanSeconds), "silhouette_score_10k_s": \#(scoreSeconds)}}"#)
    }

    static func time(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now()
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
