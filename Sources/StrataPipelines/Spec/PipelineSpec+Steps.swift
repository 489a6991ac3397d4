import StrataClustering
import StrataCore
import StrataTransforms

extension PipelineSpec {
    /// The step kinds in the only order they run.
    static let stepKinds = ["select", "scale", "reduce", "cluster"]

    /// Option names per step, and per method for `reduce` and `cluster` (snake_case, as the CLI
    /// verbs' options and scikit-learn / umap-learn).
    static let stepOptions: [String: [String]] = [
        "select": ["variance_threshold", "correlation_threshold"],
        "scale": ["method", "log1p"],
    ]
    static let reduceOptions: [String: [String]] = [
        "pca": ["n_components", "whiten", "svd_solver", "seed"],
        // No reduction: lets a sweep compare clustering the scaled features with an embedding.
        "none": [],
        "umap": ["n_neighbors", "n_components", "min_dist", "spread", "n_epochs", "learning_rate", "negative_sample_rate",
                 "repulsion_strength", "set_op_mix_ratio", "local_connectivity", "metric", "init", "seed"],
    ]
    static let clusterOptions: [String: [String]] = [
        "dbscan": ["eps", "min_samples"],
        "hdbscan": ["min_cluster_size", "min_samples", "cluster_selection_method", "cluster_selection_epsilon",
                    "allow_single_cluster", "alpha", "max_cluster_size"],
        "kmeans": ["n_clusters", "init", "n_init", "max_iter", "tol", "algorithm", "seed"],
        "minibatch-kmeans": ["n_clusters", "init", "n_init", "batch_size", "max_iter", "tol", "max_no_improvement",
                             "reassignment_ratio", "seed"],
        "gmm": ["n_components", "covariance_type", "reg_covar", "tol", "max_iter", "n_init", "seed"],
    ]

    /// Every option key a step kind accepts under any method (what a search space may name).
    static func allOptions(of kind: String) -> [String]? {
        switch kind {
        case "reduce": ["method"] + Array(Set(reduceOptions.values.joined())).sorted()
        case "cluster": ["method"] + Array(Set(clusterOptions.values.joined())).sorted()
        default: stepOptions[kind]
        }
    }

    struct Steps {
        var select: SelectStep?
        var scale: ScaleStep?
        var reduce: ReduceStep?
        var cluster: ClusterStep
    }

    static func readSteps(_ root: SpecMapping) throws(PipelineError) -> Steps {
        guard let node = root["steps"] else {
            throw PipelineError.invalid(origin: root.node.origin, key: "steps", message: "missing: a pipeline needs at least a cluster step")
        }
        guard case .sequence(let items, _) = node else {
            throw PipelineError.invalid(origin: node.origin, key: "steps", message: "expected a list of steps (- cluster: {...}), got \(node.shapeName)")
        }
        var steps = Steps(cluster: .kmeans(KMeans()))
        var seen: [String] = []
        var hasCluster = false
        for item in items {
            guard let entries = item.entries, entries.count == 1 else {
                throw PipelineError.invalid(origin: item.origin, key: "steps",
                                            message: "each step is one `kind: {options}` entry (kinds: \(stepKinds.joined(separator: ", ")))")
            }
            let entry = entries[0]
            guard let order = stepKinds.firstIndex(of: entry.key) else {
                throw PipelineError.invalid(origin: entry.keyOrigin, key: "steps.\(entry.key)",
                                            message: KeySuggestion.unknownKeyMessage(entry.key, valid: stepKinds))
            }
            if let last = seen.last, let lastOrder = stepKinds.firstIndex(of: last), lastOrder >= order {
                throw PipelineError.invalid(origin: entry.keyOrigin, key: "steps.\(entry.key)",
                                            message: lastOrder == order ? "the step is given twice"
                                                : "steps run in the order \(stepKinds.joined(separator: " → ")); \(entry.key) must come before \(last)")
            }
            seen.append(entry.key)
            let options = entry.value.entries == nil && entry.value == .scalar("", quoted: false, origin: entry.value.origin)
                ? SpecNode.mapping([], origin: entry.value.origin) : entry.value
            let mapping = try SpecMapping(options, path: "steps.\(entry.key)")
            switch entry.key {
            case "select": steps.select = try readSelect(mapping)
            case "scale": steps.scale = try readScale(mapping)
            case "reduce": steps.reduce = try readReduce(mapping)
            default: steps.cluster = try readCluster(mapping); hasCluster = true
            }
        }
        guard hasCluster else {
            throw PipelineError.invalid(origin: node.origin, key: "steps", message: "missing the cluster step (- cluster: {method: kmeans, n_clusters: 8})")
        }
        return steps
    }

    private static func readSelect(_ m: SpecMapping) throws(PipelineError) -> SelectStep {
        try m.requireKnownKeys(stepOptions["select"]!)
        return SelectStep(varianceThreshold: try m.double("variance_threshold", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") ?? 0,
                          correlationThreshold: try m.double("correlation_threshold", 0...1, rangeText: "a number in [0, 1]") ?? 0.9)
    }

    private static func readScale(_ m: SpecMapping) throws(PipelineError) -> ScaleStep {
        try m.requireKnownKeys(stepOptions["scale"]!)
        var step = ScaleStep()
        if let method = try m.string("method", oneOf: ScaleStep.Method.allCases.map(\.rawValue)) { step.method = ScaleStep.Method(rawValue: method)! }
        if let node = m["log1p"] {
            if case .sequence = node {
                step.log1p = .columns(try m.strings("log1p") ?? [])
            } else {
                switch try m.string("log1p", oneOf: ["skewed", "none", "all"]) {
                case "skewed": step.log1p = .skewed
                case "all": step.log1p = .all
                default: step.log1p = .none
                }
            }
        }
        return step
    }

    /// The method of a reduce or cluster step; options of other methods are tolerated only when
    /// the method itself was set by an override (a sweep switching methods).
    static func readMethod(_ m: SpecMapping, options: [String: [String]], default name: String) throws(PipelineError) -> (String, [String]) {
        let method = try m.string("method", oneOf: options.keys.sorted()) ?? name
        let own = ["method"] + options[method]!
        let methodOverridden: Bool = { if case .override = m["method"]?.origin { return true }; return false }()
        if methodOverridden {
            try m.requireKnownKeys(["method"] + Array(Set(options.values.joined())).sorted())
        } else {
            for entry in m.entries where !own.contains(entry.key) {
                let elsewhere = options.filter { $0.value.contains(entry.key) }.keys.sorted()
                let message = elsewhere.isEmpty ? KeySuggestion.unknownKeyMessage(entry.key, valid: own)
                    : "not an option of \(method) (it belongs to \(elsewhere.joined(separator: ", "))); \(method) takes \(own.joined(separator: ", "))"
                throw PipelineError.invalid(origin: entry.keyOrigin, key: m.key(entry.key), message: message)
            }
        }
        return (method, own)
    }

    private static func readReduce(_ m: SpecMapping) throws(PipelineError) -> ReduceStep? {
        let (method, _) = try readMethod(m, options: reduceOptions, default: "umap")
        if method == "none" { return nil }
        if method == "pca" {
            var count = PCA.ComponentCount.count(2)
            if let value = try m.double("n_components", 0...Double(Int32.max), rangeText: "a whole number ≥ 1 or a fraction in (0, 1)") {
                if value > 0, value < 1 { count = .varianceFraction(value) }
                else if value >= 1, value == value.rounded() { count = .count(Int(value)) }
                else { throw m.fail("n_components", "expected a whole number ≥ 1 or a fraction in (0, 1), got \(value)") }
            }
            let solver = try m.string("svd_solver", oneOf: ["auto", "exact", "randomized"]).flatMap(PCA.Solver.init(rawValue:)) ?? .auto
            return .pca(PCA(componentCount: count, whiten: try m.bool("whiten") ?? false, solver: solver, seed: try m.seed("seed") ?? 0))
        }
        var umap = UMAP()
        if let v = try m.int("n_neighbors", minimum: 2) { umap.neighborCount = v }
        if let v = try m.int("n_components", minimum: 1) { umap.componentCount = v }
        if let v = try m.double("min_dist", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { umap.minimumDistance = v }
        if let v = try m.double("spread", Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude, rangeText: "a positive number") { umap.spread = v }
        if let v = try m.int("n_epochs", minimum: 1) { umap.epochCount = v }
        if let v = try m.double("learning_rate", Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude, rangeText: "a positive number") { umap.learningRate = v }
        if let v = try m.int("negative_sample_rate", minimum: 0) { umap.negativeSampleRate = v }
        if let v = try m.double("repulsion_strength", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { umap.repulsionStrength = v }
        if let v = try m.double("set_op_mix_ratio", 0...1, rangeText: "a number in [0, 1]") { umap.setOpMixRatio = v }
        if let v = try m.double("local_connectivity", 0...Double.greatestFiniteMagnitude, rangeText: "a number ≥ 0") { umap.localConnectivity = v }
        if let v = try m.string("metric", oneOf: ["euclidean", "cosine"]) { umap.metric = UMAP.Metric(rawValue: v)! }
        if let v = try m.string("init", oneOf: ["spectral", "random"]) { umap.initialization = UMAP.Initialization(rawValue: v)! }
        if let v = try m.seed("seed") { umap.seed = v }
        try check(m, { () throws(StrataError) in try umap.validate() })
        return .umap(umap)
    }

    /// Runs an algorithm's own validation and reports its message against the step.
    static func check(_ m: SpecMapping, _ validate: () throws(StrataError) -> Void) throws(PipelineError) {
        do { try validate() } catch {
            throw PipelineError.invalid(origin: m.node.origin, key: m.path, message: "\(error)")
        }
    }
}
