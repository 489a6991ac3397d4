import Foundation
import StrataTracking

/// The quickstart's closing table: one row per trial of the run, best silhouette first.
struct QuickstartLeaderboard {
    let store: any TrackingStore
    let experiment: String
    let runID: String

    func print() async throws {
        struct Row { var trial: String; var algorithm = ""; var setting = ""; var clusters = ""; var noise = ""
            var silhouette: Double?; var daviesBouldin: Double?; var ari: Double? }
        var rows: [Row] = []
        for trial in try await store.trials(experiment: experiment) where trial.name.hasSuffix(runID) {
            var row = Row(trial: trial.name)
            for c in try await store.components(trial: trial.name) {
                if case .string(let a)? = c.parameters["algorithm"], a != "umap" {
                    row.algorithm = a
                    row.setting = ["n_clusters", "eps", "min_cluster_size"].compactMap { key in
                        c.parameters[key].map { "\(key)=\($0)" } }.joined(separator: " ")
                    row.clusters = c.metrics["cluster_count"].map { NumberFormat.short($0.last) } ?? ""
                    row.noise = c.metrics["noise_fraction"].map { String(format: "%.1f%%", $0.last * 100) } ?? ""
                }
                if let s = c.metrics["silhouette"] { row.silhouette = s.last }
                if let d = c.metrics["davies_bouldin"] { row.daviesBouldin = d.last }
                if let a = c.metrics["ari_vs_segments"] { row.ari = a.last }
            }
            rows.append(row)
        }
        rows.sort { ($0.silhouette ?? -2) > ($1.silhouette ?? -2) }
        var table = TextTable(columns: ["rank", "trial", "algorithm", "setting", "clusters", "noise", "silhouette", "davies-bouldin", "ARI vs segments"])
        for (i, r) in rows.enumerated() {
            table.append(["\(i + 1)", r.trial, r.algorithm, r.setting, r.clusters, r.noise,
                          r.silhouette.map { String(format: "%.4f", $0) } ?? "", r.daviesBouldin.map { String(format: "%.4f", $0) } ?? "",
                          r.ari.map { String(format: "%.4f", $0) } ?? ""])
        }
        Swift.print("Leaderboard (experiment \(experiment), by silhouette in each attempt's clustering space)")
        Swift.print(table.render())
    }
}
