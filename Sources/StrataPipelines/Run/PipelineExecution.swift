import Foundation
import StrataClustering
import StrataCore
import StrataData
import StrataNeighbors
import StrataTracking
import StrataTransforms

/// Runs a pipeline's steps on loaded data: select → scale → reduce (through the step cache) →
/// cluster. Pure computation; ``PipelineRunner`` records it.
public struct PipelineExecution: Sendable {
    public var cache: StepCache?
    /// Called with a stage name as each stage starts (for progress lines).
    public var progress: (@Sendable (String) -> Void)?

    public init(cache: StepCache? = nil, progress: (@Sendable (String) -> Void)? = nil) {
        self.cache = cache; self.progress = progress
    }

    /// Everything a run produced.
    public struct Outcome: Sendable {
        public var steps: [StepOutcome]
        /// The scaled feature space every attempt of the pipeline shares (the scale step's output,
        /// or the selected columns when there is no scale step).
        public var sharedSpace: Matrix
        /// The step-cache key of ``sharedSpace``: the data's content and every step up to it.
        /// Equal keys mean equal matrices, so per-space work (the fixed silhouette sample) is
        /// found by key instead of by hashing the matrix on every attempt.
        public var sharedSpaceKey: String
        /// What the clusterer saw (the reduction's output, or the shared space).
        public var clusterInput: Matrix
        /// The reduce step's output, if any.
        public var embedding: Matrix?
        public var labels: [Int]
        /// Membership strength per row where the clusterer gives one (HDBSCAN, GMM).
        public var probabilities: [Double]?
        /// The input columns the model needs, by name.
        public var featureNames: [String]
        /// The density clusterer's k-distance curve when the fit computed it (see ``KDistanceArtifact``).
        public var kDistance: KDistanceArtifact?
        public var fitted: [FittedStep] { steps.flatMap(\.fitted) }
    }

    public func run(_ spec: PipelineSpec, data: PipelineData) throws -> Outcome {
        var steps: [StepOutcome] = []
        var matrix = data.table.matrix
        var names = data.table.columnNames
        var key = data.contentKey

        if let select = spec.select {
            progress?("select")
            let stepKey = StepCache.key(parent: key, step: "select", select)
            try memoized(stepKey, matrix: &matrix, names: &names, steps: &steps) { matrix, names in
                let start = Date()
                let variance = try VarianceThreshold(threshold: select.varianceThreshold).fit(matrix)
                let afterVariance = try variance.transform(matrix)
                let varianceNames = variance.selectedColumns.map { names[$0] }
                guard !varianceNames.isEmpty else {
                    throw PipelineError.failed("steps.select: every column has variance ≤ \(select.varianceThreshold); nothing is left to cluster")
                }
                let selector = try CorrelationSelector(threshold: select.correlationThreshold).fit(afterVariance)
                matrix = try selector.transform(afterVariance)
                names = selector.selectedColumns.map { varianceNames[$0] }
                return StepOutcome(kind: "select", parameters: [
                    "variance_threshold": .number(select.varianceThreshold), "correlation_threshold": .number(select.correlationThreshold),
                    "kept_columns": .string(String(names.joined(separator: ",").prefix(2_500))), "kept_column_count": .number(Double(names.count)),
                ], seconds: Date().timeIntervalSince(start), cacheHit: false, cacheKey: stepKey, fitted: [.selectColumns(names)])
            }
            key = stepKey
        }

        if let scale = spec.scale {
            progress?("scale")
            let stepKey = StepCache.key(parent: key, step: "scale", scale)
            try memoized(stepKey, matrix: &matrix, names: &names, steps: &steps) { matrix, names in
                let start = Date()
                var fitted: [FittedStep] = []
                let logged: [Int]
                switch scale.log1p {
                case .none: logged = []
                case .all: logged = Array(0..<matrix.columns)
                case .skewed: logged = try Log1pTransform.skewedColumns(matrix)
                case .columns(let columns):
                    logged = try columns.map { name throws(PipelineError) in
                        guard let index = names.firstIndex(of: name) else {
                            throw PipelineError.failed("steps.scale.log1p: no column \"\(name)\" at this step (columns: \(names.joined(separator: ", ")))")
                        }
                        return index
                    }
                }
                if !logged.isEmpty {
                    matrix = try Log1pTransform(columns: logged).transform(matrix)
                    fitted.append(.log1p(logged.map { names[$0] }))
                }
                switch scale.method {
                case .standard: let m = try StandardScaler().fit(matrix); matrix = try m.transform(matrix); fitted.append(.standardScaler(m))
                case .minmax: let m = try MinMaxScaler().fit(matrix); matrix = try m.transform(matrix); fitted.append(.minMaxScaler(m))
                case .robust: let m = try RobustScaler().fit(matrix); matrix = try m.transform(matrix); fitted.append(.robustScaler(m))
                case .none: break
                }
                let log1pText: String = switch scale.log1p {
                case .none: "none"
                case .all: "all"
                case .skewed: "skewed"
                case .columns: "columns"
                }
                return StepOutcome(kind: "scale", parameters: [
                    "method": .string(scale.method.rawValue), "log1p": .string(log1pText),
                    "log1p_columns": .string(String(logged.map { names[$0] }.joined(separator: ",").prefix(2_500))),
                ], seconds: Date().timeIntervalSince(start), cacheHit: false, cacheKey: stepKey, fitted: fitted)
            }
            key = stepKey
        }
        let shared = matrix, sharedKey = key

        var embedding: Matrix?
        if let reduce = spec.reduce {
            progress?("reduce (\(reduce.methodName))")
            let start = Date()
            key = StepCache.key(parent: key, step: "reduce", reduce)
            let input = matrix
            let compute = { () throws -> (output: Matrix, fitted: FittedStep) in
                switch reduce {
                case .pca(let pca):
                    let (model, projection) = try pca.fitTransform(input)
                    return (projection, .pca(model))
                case .umap(let umap):
                    let model = try umap.fit(input)
                    let kept = UMAP.Model(configuration: model.configuration, embedding: model.embedding, a: model.a, b: model.b,
                                          trainingData: model.trainingData, graph: nil)
                    return (model.embedding, .umap(kept))
                }
            }
            let fitted: FittedStep, hit: Bool
            if let cache {
                (embedding, fitted, hit) = try cache.loadOrCompute(key: key, compute: compute)
            } else {
                (embedding, fitted) = try compute()
                hit = false
            }
            steps.append(StepOutcome(kind: "reduce", parameters: Self.parameters(of: reduce), seconds: Date().timeIntervalSince(start),
                                     cacheHit: hit, cacheKey: key, fitted: [fitted]))
            matrix = embedding!
        }

        progress?("cluster (\(spec.cluster.methodName))")
        let start = Date()
        let clustering = try ClusterFitting.fit(spec.cluster, matrix, shared: shared, spec: spec, cache: cache)
        steps.append(StepOutcome(kind: "cluster", parameters: clustering.parameters, seconds: Date().timeIntervalSince(start),
                                 cacheHit: false, cacheKey: nil, fitted: [clustering.fitted]))
        return Outcome(steps: steps, sharedSpace: shared, sharedSpaceKey: sharedKey, clusterInput: matrix, embedding: embedding, labels: clustering.labels,
                       probabilities: clustering.probabilities, featureNames: data.table.columnNames, kDistance: clustering.kDistance)
    }

    /// A select or scale step's output as kept in the step cache's memo.
    private struct MemoizedTransform: Sendable {
        var matrix: Matrix
        var names: [String]
        var outcome: StepOutcome
    }

    /// Runs a cheap transform step, or — in a process that keeps a memo (a sweep worker) —
    /// reuses its output from an earlier attempt over the same data and parameters.
    private func memoized(_ key: String, matrix: inout Matrix, names: inout [String], steps: inout [StepOutcome],
                          compute: (inout Matrix, inout [String]) throws -> StepOutcome) throws {
        let start = Date()
        if let kept = cache?.memo?.value(key, as: MemoizedTransform.self) {
            matrix = kept.matrix
            names = kept.names
            var outcome = kept.outcome
            outcome.seconds = Date().timeIntervalSince(start)
            outcome.cacheHit = true
            steps.append(outcome)
            return
        }
        let outcome = try compute(&matrix, &names)
        steps.append(outcome)
        cache?.memo?.keep(key, MemoizedTransform(matrix: matrix, names: names, outcome: outcome), bytes: 4 * matrix.storage.count)
    }

    static func parameters(of reduce: ReduceStep) -> [String: ParameterValue] {
        switch reduce {
        case .pca(let p):
            var out: [String: ParameterValue] = ["method": .string("pca"), "whiten": .string(String(p.whiten)),
                                                 "svd_solver": .string(p.solver.rawValue), "seed": .number(Double(p.seed))]
            switch p.componentCount {
            case .count(let k): out["n_components"] = .number(Double(k))
            case .varianceFraction(let f): out["n_components"] = .number(f)
            case .all: out["n_components"] = .string("all")
            }
            return out
        case .umap(let u):
            var out: [String: ParameterValue] = [
                "method": .string("umap"), "n_neighbors": .number(Double(u.neighborCount)), "n_components": .number(Double(u.componentCount)),
                "min_dist": .number(u.minimumDistance), "spread": .number(u.spread), "learning_rate": .number(u.learningRate),
                "negative_sample_rate": .number(Double(u.negativeSampleRate)), "repulsion_strength": .number(u.repulsionStrength),
                "set_op_mix_ratio": .number(u.setOpMixRatio), "local_connectivity": .number(u.localConnectivity),
                "metric": .string(u.metric.rawValue), "init": .string(u.initialization.rawValue), "seed": .number(Double(u.seed)),
            ]
            if let epochs = u.epochCount { out["n_epochs"] = .number(Double(epochs)) }
            return out
        }
    }
}
