import StrataClustering
import StrataCore
import StrataNeighbors
import StrataTracking

/// Fits the cluster step, resolving DBSCAN's `eps: auto | knee` first.
enum ClusterFitting {
    struct Result {
        var labels: [Int]
        var probabilities: [Double]?
        var fitted: FittedStep
        var parameters: [String: ParameterValue]
        /// `k_distance.json`, when the fit computed the curve anyway (DBSCAN's knee and auto,
        /// HDBSCAN's core distances); a given eps leaves it to the recording.
        var kDistance: KDistanceArtifact?
    }

    static func fit(_ step: ClusterStep, _ input: Matrix, shared: Matrix, spec: PipelineSpec, cache: StepCache? = nil) throws -> Result {
        switch step {
        case .dbscan(let choice, let minSamplesOption):
            var minSamples = minSamplesOption ?? KDistance.suggestedMinSamples(rows: input.rows, columns: input.columns)
            var parameters: [String: ParameterValue] = ["method": .string("dbscan")]
            let epsilon: Float
            var kDistance: KDistanceArtifact?
            switch choice {
            case .value(let v):
                epsilon = v
                parameters["eps_source"] = .string("given")
            case .knee:
                let knee = KDistance.knee(ofSortedCurve: try cache.kDistanceCurve(k: minSamples, of: input))
                guard let v = knee.value, v > 0 else {
                    throw PipelineError.failed("steps.cluster.eps: the \(minSamples)-distance curve has no knee; give eps as a number or use auto")
                }
                epsilon = v
                parameters["eps_source"] = .string("k-distance knee")
                parameters["eps"] = .number(Double(epsilon))
                kDistance = .dbscan(minSamples: minSamples, ascending: knee.curve, parameters: parameters)
            case .auto:
                // min_samples left out (or `auto`) is chosen with eps: see EpsilonSuggestion.
                let suggestion = try EpsilonSuggestion(minSamples: minSamplesOption, cache: cache).suggest(input, shared: shared, spec: spec)
                epsilon = suggestion.epsilon
                minSamples = suggestion.minSamples
                parameters["eps_source"] = .string("auto")
                parameters["eps_candidates"] = .number(Double(suggestion.candidateCount))
                parameters["eps_noise_target"] = .number(suggestion.noiseTarget)
                parameters["eps_search_rows"] = .number(Double(suggestion.sampleRows))
                if suggestion.checkedCount > 0 { parameters["eps_checked_candidates"] = .number(Double(suggestion.checkedCount)) }
                if minSamplesOption == nil { parameters["min_samples_source"] = .string("auto") }
                parameters["eps"] = .number(Double(epsilon))
                kDistance = .dbscan(minSamples: suggestion.curveK, ascending: suggestion.curve, parameters: parameters,
                                    sampled: suggestion.sampleRows < input.rows ? (suggestion.sampleRows, input.rows, minSamples) : nil)
            }
            parameters["min_samples"] = .number(Double(minSamples))
            parameters["eps"] = .number(Double(epsilon))
            let tree = try searchTree(input, cache: cache)
            let dbscan = DBSCAN(epsilon: epsilon, minSamples: minSamples)
            let model = try neighborCounts(input, tree: tree, epsilon: epsilon, minSamples: minSamples, cache: cache)
                .map { try dbscan.fit(input, tree: tree, counts: $0) } ?? dbscan.fit(input, tree: tree)
            return Result(labels: model.labels, probabilities: nil, fitted: .dbscan(model), parameters: parameters, kDistance: kDistance)
        case .hdbscan(let config):
            let model = try config.fit(input)
            return Result(labels: model.labels, probabilities: model.probabilities, fitted: .hdbscan(model), parameters: [
                "method": .string("hdbscan"), "min_cluster_size": .number(Double(config.minimumClusterSize)),
                "min_samples": .number(Double(config.effectiveMinSamples)),
                "cluster_selection_method": .string(config.clusterSelectionMethod.rawValue),
                "cluster_selection_epsilon": .number(config.clusterSelectionEpsilon),
                "allow_single_cluster": .string(String(config.allowSingleCluster)), "alpha": .number(config.alpha),
                "max_cluster_size": .number(Double(config.maximumClusterSize)),
            ], kDistance: KDistanceArtifact(hdbscan: model, rows: input.rows))
        case .kmeans(let config):
            let model = try config.fit(input)
            return Result(labels: model.labels, probabilities: nil, fitted: .kmeans(model), parameters: [
                "method": .string("kmeans"), "n_clusters": .number(Double(config.clusterCount)),
                "n_init": .number(Double(config.effectiveInitCount)), "max_iter": .number(Double(config.maxIterations)),
                "tol": .number(config.tolerance), "algorithm": .string(config.algorithm.rawValue), "seed": .number(Double(config.seed)),
                "init": .string(initName(config.initialization)), "inertia": .number(model.inertia),
            ])
        case .miniBatchKMeans(let config):
            let model = try config.fit(input)
            return Result(labels: model.labels, probabilities: nil, fitted: .miniBatchKMeans(model), parameters: [
                "method": .string("minibatch-kmeans"), "n_clusters": .number(Double(config.clusterCount)),
                "batch_size": .number(Double(config.batchSize)), "max_iter": .number(Double(config.maxIterations)),
                "n_init": .number(Double(config.effectiveInitCount)), "reassignment_ratio": .number(config.reassignmentRatio),
                "seed": .number(Double(config.seed)), "init": .string(initName(config.initialization)),
            ])
        case .gaussianMixture(let config):
            let model = try config.fit(input)
            let probabilities = try model.predictProbabilities(input)
            let best = (0..<input.rows).map { r in (0..<probabilities.columns).map { Double(probabilities[r, $0]) }.max() ?? 0 }
            return Result(labels: model.labels, probabilities: best, fitted: .gaussianMixture(model), parameters: [
                "method": .string("gmm"), "n_components": .number(Double(config.componentCount)),
                "covariance_type": .string(config.covarianceType.sklearnName), "reg_covar": .number(config.regularization),
                "tol": .number(config.tolerance), "max_iter": .number(Double(config.maxIterations)),
                "n_init": .number(Double(config.initCount)), "seed": .number(Double(config.seed)),
            ])
        }
    }

    /// The fitted clusterer's configuration as a refit on other rows with another seed (for the
    /// stability score); DBSCAN keeps the eps it resolved.
    static func refitter(_ step: ClusterStep, outcome: PipelineExecution.Outcome) -> ((Matrix, UInt64) throws -> [Int])? {
        switch (step, outcome.fitted.last) {
        case (.dbscan, .dbscan(let model)?):
            let minSamples = outcome.steps.last?.parameters["min_samples"]?.numberValue.map { Int($0) } ?? 5
            return { rows, _ in try DBSCAN(epsilon: model.epsilon, minSamples: minSamples).fit(rows).labels }
        case (.hdbscan(let config), _): return { rows, _ in try config.fit(rows).labels }
        case (.kmeans(var config), _): return { rows, seed in config.seed = seed; return try config.fit(rows).labels }
        case (.miniBatchKMeans(var config), _): return { rows, seed in config.seed = seed; return try config.fit(rows).labels }
        case (.gaussianMixture(var config), _): return { rows, seed in config.seed = seed; return try config.fit(rows).labels }
        default: return nil
        }
    }

    private static func initName(_ initialization: KMeans.Initialization) -> String {
        switch initialization {
        case .kMeansPlusPlus: "k-means++"
        case .random: "random"
        case .centers: "given"
        }
    }

    /// The search tree over `input`, built once per matrix in a process with a memo (a sweep
    /// worker fits DBSCAN on one embedding for every eps and min_samples).
    static func searchTree(_ input: Matrix, cache: StepCache?) throws -> KDTree {
        guard let memo = cache?.memo else { return try KDTree(input) }
        let key = treeKey(input)
        if let kept = memo.value(key, as: KDTree.self) { return kept }
        let tree = try KDTree(input)
        memo.keep(key, tree, bytes: 8 * input.storage.count + 64 * input.rows / 12)
        return tree
    }

    private static func treeKey(_ input: Matrix) -> String {
        var hash = Fingerprint()
        hash.update("kd-tree \(input.rows)x\(input.columns)")
        input.storage.withUnsafeBytes { hash.update($0) }
        return hash.hex
    }

    /// Neighbour counts at least this deep are kept: a grid over min_samples then counts once
    /// per eps (a deeper count costs more only for rows in sparse cells).
    static let countedDepth = 32

    /// The rows' neighbour counts within `epsilon` over `input`, kept per eps in a process with
    /// a memo (a sweep worker fits every min_samples of a grid at each eps); nil without a memo.
    static func neighborCounts(_ input: Matrix, tree: KDTree, epsilon: Float, minSamples: Int,
                               cache: StepCache?) throws -> DBSCAN.NeighborCounts? {
        guard let memo = cache?.memo else { return nil }
        let key = "dbscan-counts \(epsilon.bitPattern) of " + treeKey(input)
        if let kept = memo.value(key, as: DBSCAN.NeighborCounts.self), kept.limit >= minSamples { return kept }
        let counts = try DBSCAN.neighborCounts(input, tree: tree, epsilon: epsilon, limit: Swift.max(minSamples, countedDepth))
        memo.keep(key, counts, bytes: counts.byteCount)
        return counts
    }
}
