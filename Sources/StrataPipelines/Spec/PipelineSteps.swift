import StrataClustering
import StrataData
import StrataTransforms

/// Where a pipeline's customers come from (`data:` in the file).
public struct DataSpec: Sendable, Hashable {
    /// The CSV file, resolved relative to the pipeline file.
    public var path: String
    /// The id column carried to labels and profiles; nil = a column named `id` if there is one.
    public var idColumn: String?
    /// Feature columns; nil = every column but the id.
    public var columns: [String]?
    /// How missing cells are treated (default: an error naming the cell).
    public var impute: MissingValuePolicy

    public init(path: String, idColumn: String? = nil, columns: [String]? = nil, impute: MissingValuePolicy = .error) {
        self.path = path; self.idColumn = idColumn; self.columns = columns; self.impute = impute
    }
}

/// `select:` — drop near-constant columns, then one column of each highly correlated pair.
public struct SelectStep: Sendable, Hashable, Codable {
    /// Columns with variance at or below this are dropped (`variance_threshold`).
    public var varianceThreshold: Double = 0
    /// One column of each pair with |r| above this is dropped (`correlation_threshold`).
    public var correlationThreshold: Double = 0.9
    public init(varianceThreshold: Double = 0, correlationThreshold: Double = 0.9) {
        self.varianceThreshold = varianceThreshold; self.correlationThreshold = correlationThreshold
    }
}

/// `scale:` — optional log1p on chosen columns, then a scaler.
public struct ScaleStep: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable { case standard, robust, minmax, none }
    /// Which columns get log1p before scaling.
    public enum Log1p: Sendable, Hashable, Codable {
        case none, all
        /// Columns with skewness above 1 and no negative values.
        case skewed
        case columns([String])
    }
    public var method: Method = .standard
    public var log1p: Log1p = .none
    public init(method: Method = .standard, log1p: Log1p = .none) { self.method = method; self.log1p = log1p }
}

/// `reduce:` — PCA or UMAP, configured exactly as the algorithm types.
public enum ReduceStep: Sendable, Hashable, Codable {
    case pca(PCA)
    case umap(UMAP)

    public var methodName: String {
        switch self { case .pca: "pca"; case .umap: "umap" }
    }
}

/// DBSCAN's radius: a number, or chosen from the data (see ``EpsilonSuggestion``).
public enum EpsilonChoice: Sendable, Hashable, Codable {
    case value(Float)
    /// The knee of the k-distance curve (the textbook rule).
    case knee
    /// The documented rule that holds at scale (``EpsilonSuggestion``).
    case auto
}

/// `cluster:` — the clusterer, configured exactly as the algorithm types.
public enum ClusterStep: Sendable, Hashable, Codable {
    /// `minSamples` nil (`auto` or left out): chosen with eps under `eps: auto` (``EpsilonSuggestion``),
    /// else the documented suggestion for the data's size.
    case dbscan(epsilon: EpsilonChoice, minSamples: Int?)
    case hdbscan(HDBSCAN)
    case kmeans(KMeans)
    case miniBatchKMeans(MiniBatchKMeans)
    case gaussianMixture(GaussianMixture)

    public var methodName: String {
        switch self {
        case .dbscan: "dbscan"
        case .hdbscan: "hdbscan"
        case .kmeans: "kmeans"
        case .miniBatchKMeans: "minibatch-kmeans"
        case .gaussianMixture: "gmm"
        }
    }
}

/// A score a pipeline records for its clustering (`score:` in the file).
public enum ScoreName: String, Sendable, Hashable, Codable, CaseIterable {
    case silhouette
    case daviesBouldin = "davies_bouldin"
    case calinskiHarabasz = "calinski_harabasz"
    case dbcv
    case stability
}

/// What a sweep optimises and `strata run` ranks by.
public struct Objective: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable { case maximize, minimize }
    /// A metric the pipeline records (see ``PipelineMetrics``).
    public var metric: String
    public var direction: Direction

    public init(metric: String, direction: Direction) { self.metric = metric; self.direction = direction }

    /// The objective oriented so that smaller is better (what samplers see).
    public func loss(_ value: Double) -> Double { direction == .maximize ? -value : value }
}

/// Bounds an attempt must meet to be feasible (`constraints:`); nil = unconstrained.
public struct Constraints: Sendable, Hashable, Codable {
    public var clusterCount: ClosedRange<Int>?
    public var noiseFraction: ClosedRange<Double>?
    public var largestClusterShare: ClosedRange<Double>?

    public init(clusterCount: ClosedRange<Int>? = nil, noiseFraction: ClosedRange<Double>? = nil,
                largestClusterShare: ClosedRange<Double>? = nil) {
        self.clusterCount = clusterCount; self.noiseFraction = noiseFraction; self.largestClusterShare = largestClusterShare
    }
}
