import StrataCore

/// A clustering algorithm's configuration: a value that validates itself and fits a model.
///
/// Every clusterer (KMeans, MiniBatchKMeans, DBSCAN, HDBSCAN, GaussianMixture) conforms, and
/// the conformance suite in `_StrataTestSupport` runs the same checks on each: a seeded refit is
/// identical, invalid configuration throws, NaN/Inf input is rejected naming row and column, one
/// row, identical rows and k > n are handled.
public protocol Clusterer: Sendable {
    associatedtype Model: ClusteringModel
    /// Throws `StrataError.invalidArgument` with a message saying what to change.
    func validate() throws(StrataError)
    /// Fits the model to `data` (rows are samples). Calls `validate()` and rejects non-finite input.
    func fit(_ data: Matrix) throws(StrataError) -> Model
}

/// A fitted clustering: the training labels (`-1` = noise) and assignment of new rows.
public protocol ClusteringModel: Sendable {
    /// One label per training row; `-1` marks noise for density-based methods.
    var labels: [Int] { get }
    /// Labels for new rows, with the model's own semantics (nearest centre, nearest core point…).
    func predict(_ data: Matrix) throws(StrataError) -> [Int]
}
