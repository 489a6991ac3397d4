import StrataClustering
import StrataCore

extension PipelineSpec {
    static func readCluster(_ m: SpecMapping) throws(PipelineError) -> ClusterStep {
        let (method, _) = try readMethod(m, options: clusterOptions, default: "kmeans")
        switch method {
        case "dbscan":
            var epsilon = EpsilonChoice.auto
            if let node = m["eps"] {
                if case .scalar(let text, _, _) = node, text == "auto" || text == "knee" {
                    epsilon = text == "auto" ? .auto : .knee
                } else {
                    let value = try m.double("eps", Double.leastNonzeroMagnitude...Double(Float.greatestFiniteMagnitude),
                                             rangeText: "a positive number, \"auto\" or \"knee\"")!
                    epsilon = .value(Float(value))
                }
            }
            // `auto` (or leaving it out) lets eps: auto choose it as well (EpsilonSuggestion).
            var minSamples: Int?
            if case .scalar(let text, _, _)? = m["min_samples"], text == "auto" {
                minSamples = nil
            } else {
                minSamples = try m.int("min_samples", minimum: 1, orWord: "auto")
            }
            return .dbscan(epsilon: epsilon, minSamples: minSamples)
        case "hdbscan":
            var config = HDBSCAN()
            if let v = try m.int("min_cluster_size", minimum: 2) { config.minimumClusterSize = v }
            config.minSamples = try m.int("min_samples", minimum: 1)
            if let v = try m.string("cluster_selection_method", oneOf: ["eom", "leaf"]) {
                config.clusterSelectionMethod = HDBSCAN.ClusterSelectionMethod(rawValue: v)!
            }
            if let v = try m.double("cluster_selection_epsilon", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") {
                config.clusterSelectionEpsilon = v
            }
            if let v = try m.bool("allow_single_cluster") { config.allowSingleCluster = v }
            if let v = try m.double("alpha", Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude, rangeText: "a positive number") { config.alpha = v }
            if let v = try m.int("max_cluster_size", minimum: 0) { config.maximumClusterSize = v }
            try check(m, { () throws(StrataError) in try config.validate() })
            return .hdbscan(config)
        case "kmeans", "minibatch-kmeans":
            let initialization: KMeans.Initialization = try m.string("init", oneOf: ["k-means++", "random"]) == "random" ? .random : .kMeansPlusPlus
            if method == "kmeans" {
                var config = KMeans(initialization: initialization)
                if let v = try m.int("n_clusters", minimum: 1) { config.clusterCount = v }
                config.initCount = try m.int("n_init", minimum: 1)
                if let v = try m.int("max_iter", minimum: 1) { config.maxIterations = v }
                if let v = try m.double("tol", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { config.tolerance = v }
                if let v = try m.string("algorithm", oneOf: ["lloyd", "elkan"]) { config.algorithm = KMeans.Algorithm(rawValue: v)! }
                if let v = try m.seed("seed") { config.seed = v }
                try check(m, { () throws(StrataError) in try config.validate() })
                return .kmeans(config)
            }
            var config = MiniBatchKMeans(initialization: initialization)
            if let v = try m.int("n_clusters", minimum: 1) { config.clusterCount = v }
            config.initCount = try m.int("n_init", minimum: 1)
            if let v = try m.int("batch_size", minimum: 1) { config.batchSize = v }
            if let v = try m.int("max_iter", minimum: 1) { config.maxIterations = v }
            if let v = try m.double("tol", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { config.tolerance = v }
            if let v = try m.int("max_no_improvement", minimum: 0) { config.maxNoImprovement = v }
            if let v = try m.double("reassignment_ratio", 0...1, rangeText: "a number in [0, 1]") { config.reassignmentRatio = v }
            if let v = try m.seed("seed") { config.seed = v }
            try check(m, { () throws(StrataError) in try config.validate() })
            return .miniBatchKMeans(config)
        default:
            var config = GaussianMixture()
            if let v = try m.int("n_components", minimum: 1) { config.componentCount = v }
            if let v = try m.string("covariance_type", oneOf: ["full", "tied", "diag", "spherical"]) {
                config.covarianceType = GaussianMixture.CovarianceType.allCases.first { $0.sklearnName == v }!
            }
            if let v = try m.double("reg_covar", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { config.regularization = v }
            if let v = try m.double("tol", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { config.tolerance = v }
            if let v = try m.int("max_iter", minimum: 1) { config.maxIterations = v }
            if let v = try m.int("n_init", minimum: 1) { config.initCount = v }
            if let v = try m.seed("seed") { config.seed = v }
            try check(m, { () throws(StrataError) in try config.validate() })
            return .gaussianMixture(config)
        }
    }
}
