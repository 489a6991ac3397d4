import ArgumentParser
import StrataClustering

/// `cluster kmeans --init`: scikit-learn's seeding names.
enum KMeansSeeding: String, CaseIterable, ExpressibleByArgument, Sendable {
    case kMeansPlusPlus = "k-means++"
    case random

    var initialization: KMeans.Initialization {
        switch self {
        case .kMeansPlusPlus: .kMeansPlusPlus
        case .random: .random
        }
    }
}
