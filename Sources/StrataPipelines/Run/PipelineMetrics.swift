/// The names of the metrics a pipeline run records on its clustering component, and which of
/// them can rank attempts (`objective.metric`).
///
/// Scores that depend on the space they are computed in say which: `…_shared_space` is computed
/// in the scaled feature space that every attempt of a pipeline shares (so a UMAP attempt and a
/// PCA attempt are comparable), `…_own_space` in the space the clusterer saw.
public enum PipelineMetrics {
    public static let silhouetteShared = "silhouette_shared_space"
    public static let silhouetteOwn = "silhouette_own_space"
    public static let daviesBouldin = "davies_bouldin"
    public static let calinskiHarabasz = "calinski_harabasz"
    public static let dbcv = "dbcv"
    public static let stability = "stability"
    public static let clusterCount = "cluster_count"
    public static let noiseFraction = "noise_fraction"
    public static let largestClusterShare = "largest_cluster_share"
    public static let clustersHolding95 = "clusters_holding_95_percent"
    /// The default objective (see ``defaultObjective``).
    public static let segmentationScore = "segmentation_score"

    /// Metrics an objective may name.
    public static let objectiveNames = [segmentationScore, silhouetteShared, silhouetteOwn, daviesBouldin, calinskiHarabasz,
                                        dbcv, stability, clusterCount, noiseFraction]

    /// Whether larger values are better.
    public static func naturalDirection(of metric: String) -> Objective.Direction {
        metric == daviesBouldin || metric == noiseFraction ? .minimize : .maximize
    }

    /// What `strata run` and `strata sweep` rank by when the file names no objective; see
    /// Guides/ModelSelection.md for the evidence behind it.
    public static let defaultObjective = Objective(metric: segmentationScore, direction: .maximize)
}
