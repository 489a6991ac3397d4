import ArgumentParser
import StrataClustering
import StrataEvaluation
import StrataTracking
import StrataTransforms

// The library's own option enums as command-line values, so `--help` and the completion scripts
// list every value. Where the raw value is the spelling users type (scikit-learn's, umap-learn's),
// ArgumentParser's defaults do the work; the others map to the reference library's spelling.

extension PCA.Solver: ExpressibleByArgument {}
extension UMAP.Metric: ExpressibleByArgument {}
extension UMAP.Initialization: ExpressibleByArgument {}
extension KMeans.Algorithm: ExpressibleByArgument {}
extension HDBSCAN.ClusterSelectionMethod: ExpressibleByArgument {}
extension LeaderboardExporter.Format: ExpressibleByArgument {}
extension UserRole: ExpressibleByArgument {}
extension ListOptions.SortKey: ExpressibleByArgument {}

extension GaussianMixture.CovarianceType: ExpressibleByArgument {
    /// scikit-learn's `covariance_type` spelling (`diag`, not `diagonal`).
    public init?(argument: String) {
        guard let match = Self.allCases.first(where: { $0.sklearnName == argument }) else { return nil }
        self = match
    }
    public var defaultValueDescription: String { sklearnName }
    public static var allValueStrings: [String] { allCases.map(\.sklearnName) }
    /// None: help then lists the values inline rather than pairing raw values with spellings.
    public static var allValueDescriptions: [String: String] { [:] }
}

extension NoiseHandling: ExpressibleByArgument {
    /// The kebab-case spelling of the command line (`as-cluster`).
    var argument: String {
        switch self {
        case .exclude: "exclude"
        case .asCluster: "as-cluster"
        }
    }
    public init?(argument: String) {
        guard let match = Self.allCases.first(where: { $0.argument == argument }) else { return nil }
        self = match
    }
    public var defaultValueDescription: String { argument }
    public static var allValueStrings: [String] { allCases.map(\.argument) }
    public static var allValueDescriptions: [String: String] { [:] }
}
