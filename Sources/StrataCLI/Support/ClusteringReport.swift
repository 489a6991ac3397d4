import Foundation
import StrataData
import StrataTracking

/// What every `strata cluster …` verb does after fitting: write `id,label`, print a summary, and
/// log sizes, noise share and timing when recording.
struct ClusteringReport {
    let algorithm: String
    let labels: [Int]
    let seconds: Double

    var clusterSizes: [Int] {
        let k = (labels.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: max(k, 0))
        for l in labels where l >= 0 { sizes[l] += 1 }
        return sizes
    }

    var noiseFraction: Double {
        labels.isEmpty ? 0 : Double(labels.lazy.filter { $0 < 0 }.count) / Double(labels.count)
    }

    /// Writes the labels (with the table's ids) and returns the written path, if any.
    func write(table: FeatureTable, to out: String?) throws {
        guard let out else { return }
        try CSVWriter().writeLabels(labels, ids: table.ids, to: URL(fileURLWithPath: out))
    }

    func printSummary(out: String?) {
        let sizes = clusterSizes
        var line = "\(algorithm): \(sizes.count) cluster(s) in \(NumberFormat.seconds(seconds))"
        if noiseFraction > 0 { line += ", noise \(String(format: "%.1f%%", noiseFraction * 100))" }
        print(line)
        let shown = sizes.enumerated().map { "\($0.offset):\($0.element)" }.prefix(30).joined(separator: " ")
        print("sizes \(shown)\(sizes.count > 30 ? " …" : "")")
        if let out { print("labels written to \(out)") }
    }

    /// Logs the common metrics and the output file. Cluster sizes become one series indexed by label.
    func log(to tracker: Tracker?, input: String, out: String?) async throws {
        guard let tracker else { return }
        try await tracker.logParameter("algorithm", .string(algorithm))
        try await tracker.logInput("data", value: URL(fileURLWithPath: input).standardizedFileURL.path, mediaType: "text/csv")
        try await tracker.logMetric("fit_seconds", seconds)
        try await tracker.logMetric("cluster_count", Double(clusterSizes.count))
        try await tracker.logMetric("noise_fraction", noiseFraction)
        for (label, size) in clusterSizes.enumerated() {
            try await tracker.logMetric("cluster_size", Double(size), step: label)
        }
        if let out {
            try await tracker.logArtifact(file: URL(fileURLWithPath: out), name: "labels.csv", mediaType: "text/csv")
        }
    }
}
