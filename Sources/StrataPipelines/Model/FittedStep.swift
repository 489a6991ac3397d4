import StrataClustering
import StrataCore
import StrataData
import StrataTransforms

/// One fitted stage of a segmentation pipeline: what ``SegmentationModel`` replays on new rows.
public enum FittedStep: Sendable, Codable {
    /// Keep these columns, by name, in this order (the select step's outcome).
    case selectColumns([String])
    /// log1p on these columns (by name, of the columns at this point).
    case log1p([String])
    case standardScaler(StandardScaler.Model)
    case minMaxScaler(MinMaxScaler.Model)
    case robustScaler(RobustScaler.Model)
    case pca(PCA.Model)
    case umap(UMAP.Model)
    case kmeans(KMeans.Model)
    case miniBatchKMeans(MiniBatchKMeans.Model)
    case gaussianMixture(GaussianMixture.Model)
    case dbscan(DBSCAN.Model)
    case hdbscan(HDBSCAN.Model)

    /// A short name for headers and errors.
    public var name: String {
        switch self {
        case .selectColumns: "select"
        case .log1p: "log1p"
        case .standardScaler: "standard-scaler"
        case .minMaxScaler: "minmax-scaler"
        case .robustScaler: "robust-scaler"
        case .pca: "pca"
        case .umap: "umap"
        case .kmeans: "kmeans"
        case .miniBatchKMeans: "minibatch-kmeans"
        case .gaussianMixture: "gmm"
        case .dbscan: "dbscan"
        case .hdbscan: "hdbscan"
        }
    }

    /// Whether this step assigns segments (the last step of a model).
    public var isClusterer: Bool {
        switch self {
        case .kmeans, .miniBatchKMeans, .gaussianMixture, .dbscan, .hdbscan: true
        default: false
        }
    }
}
