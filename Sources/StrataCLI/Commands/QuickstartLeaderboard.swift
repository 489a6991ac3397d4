import Foundation
import StrataSQLite
import StrataTracking

/// The quickstart's closing table: the run's trials through the library leaderboard (one SQL
/// query; each column aggregates the trial's components), best silhouette first.
struct QuickstartLeaderboard {
    let store: SQLiteTrackingStore
    let experiment: String
    let runID: String

    static let columns = ["params.algorithm", "params.n_clusters", "params.eps", "params.min_cluster_size",
                          "metrics.cluster_count", "metrics.noise_fraction", "metrics.silhouette",
                          "metrics.davies_bouldin", "metrics.ari_vs_segments"]

    func print() async throws {
        let spec = try LeaderboardSpec(
            target: .trials, columns: Self.columns,
            search: "experiment = \"\(experiment)\" and name contains \"\(runID)\" order by metrics.silhouette desc")
        let table = try await store.leaderboard(spec)
        // Short titles for the terminal: "metrics.silhouette.last" → "silhouette".
        let titles = table.columns.map { title in
            title.replacingOccurrences(of: "params.", with: "").replacingOccurrences(of: "metrics.", with: "")
                .replacingOccurrences(of: ".last", with: "").replacingOccurrences(of: "name", with: "trial")
        }
        Swift.print("Leaderboard (experiment \(experiment), by silhouette in each attempt's clustering space)")
        try printLeaderboard(LeaderboardTable(columns: titles, rows: table.rows), json: false)
    }
}
