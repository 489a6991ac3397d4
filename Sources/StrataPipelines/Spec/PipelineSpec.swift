import Foundation
import StrataData

/// A pipeline file, read and checked: the data, the steps (select → scale → reduce → cluster,
/// each optional but `cluster`), the scores to record, the objective and constraints that rank
/// attempts, and the search space a sweep explores.
///
/// ```swift
/// let spec = try PipelineSpec(contentsOf: URL(fileURLWithPath: "pipeline.yaml"))
/// let tuned = try spec.setting(["steps.cluster.eps=0.3"])          // as `--set`
/// ```
/// The file format is documented in Guides/Pipelines.md. Every mistake throws one
/// ``PipelineError`` naming the line, the key and what was expected.
public struct PipelineSpec: Sendable {
    public var name: String
    public var data: DataSpec
    public var select: SelectStep?
    public var scale: ScaleStep?
    public var reduce: ReduceStep?
    public var cluster: ClusterStep
    public var scores: [ScoreName]
    public var objective: Objective
    public var constraints: Constraints
    public var searchSpace: SearchSpace
    /// The tree the spec was read from (with overrides applied): what sweeps edit.
    public let tree: SpecNode
    /// The directory relative paths in the file are resolved against.
    public let baseDirectory: URL

    /// The default when a file names no `score:` (stability refits the clusterer and is opt-in).
    public static let defaultScores: [ScoreName] = [.silhouette, .daviesBouldin, .calinskiHarabasz, .dbcv]

    /// Reads a pipeline file.
    public init(contentsOf url: URL) throws(PipelineError) {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw PipelineError.failed("cannot read pipeline file \(url.path): \(error.localizedDescription)")
        }
        try self.init(yaml: text, path: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Reads pipeline YAML held in memory; `path` names it in errors.
    public init(yaml: String, path: String = "<pipeline>", baseDirectory: URL) throws(PipelineError) {
        try self.init(tree: try SpecNode.parse(yaml: yaml, path: path), baseDirectory: baseDirectory)
    }

    /// Reads a tree (from a file, with overrides applied).
    public init(tree: SpecNode, baseDirectory: URL) throws(PipelineError) {
        let root = try SpecMapping(tree, path: "")
        try root.requireKnownKeys(["name", "data", "steps", "score", "objective", "constraints", "search_space"])
        guard let name = try root.string("name"), !name.isEmpty else {
            throw PipelineError.invalid(origin: tree.origin, key: "name", message: "missing: every pipeline needs a name (e.g. name: umap-dbscan)")
        }
        self.name = name
        self.tree = tree
        self.baseDirectory = baseDirectory
        self.data = try PipelineSpec.readData(root, baseDirectory: baseDirectory)
        let steps = try PipelineSpec.readSteps(root)
        self.select = steps.select; self.scale = steps.scale; self.reduce = steps.reduce; self.cluster = steps.cluster
        self.scores = try PipelineSpec.readScores(root)
        self.objective = try PipelineSpec.readObjective(root)
        self.constraints = try PipelineSpec.readConstraints(root)
        self.searchSpace = try SearchSpaceReader.read(root, steps: tree["steps"])
    }

    /// The spec with `key=value` overrides applied (`--set steps.cluster.eps=0.3`).
    public func setting(_ assignments: [String]) throws(PipelineError) -> PipelineSpec {
        var tree = self.tree
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw PipelineError.invalid(origin: .override("--set \(assignment)"), key: assignment,
                                            message: "expected key=value, e.g. steps.cluster.eps=0.3")
            }
            let key = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let source = "--set \(key)"
            let value = try SpecNode.parseValue(String(assignment[assignment.index(after: equals)...]), source: source)
            tree = try tree.setting(key, to: value)
        }
        return try PipelineSpec(tree: tree, baseDirectory: baseDirectory)
    }

    /// The spec with a sweep's assignment applied.
    public func setting(_ assignment: ParameterAssignment, source: String) throws(PipelineError) -> PipelineSpec {
        var tree = self.tree
        for (key, value) in assignment.sorted(by: { $0.key < $1.key }) {
            tree = try tree.setting(key, to: SpecNode(value, origin: .override("\(source) \(key)")))
        }
        return try PipelineSpec(tree: tree, baseDirectory: baseDirectory)
    }

    /// The data file as a URL.
    public var dataURL: URL {
        data.path.hasPrefix("/") ? URL(fileURLWithPath: data.path) : baseDirectory.appendingPathComponent(data.path)
    }

    private static func readData(_ root: SpecMapping, baseDirectory: URL) throws(PipelineError) -> DataSpec {
        guard let node = root["data"] else {
            throw PipelineError.invalid(origin: root.node.origin, key: "data", message: "missing: say where the customers are (data: {path: customers.csv})")
        }
        let data = try SpecMapping(node, path: "data")
        try data.requireKnownKeys(["path", "id", "columns", "impute"])
        guard let path = try data.string("path"), !path.isEmpty else {
            throw PipelineError.invalid(origin: node.origin, key: "data.path", message: "missing: the CSV file, relative to the pipeline file")
        }
        var spec = DataSpec(path: path, idColumn: try data.string("id"), columns: try data.strings("columns"))
        if let impute = try data.string("impute") {
            switch impute {
            case "mean": spec.impute = .impute(.mean)
            case "median": spec.impute = .impute(.median)
            case "zero": spec.impute = .impute(.zero)
            case "error": spec.impute = .error
            default:
                guard let value = Float(impute), value.isFinite else {
                    throw data.fail("impute", "expected mean, median, zero or a number, got \"\(impute)\"")
                }
                spec.impute = .impute(.constant(value))
            }
        }
        return spec
    }

    private static func readScores(_ root: SpecMapping) throws(PipelineError) -> [ScoreName] {
        guard let names = try root.strings("score") else { return defaultScores }
        var scores: [ScoreName] = []
        for name in names {
            guard let score = ScoreName(rawValue: name) else {
                let valid = ScoreName.allCases.map(\.rawValue)
                let hint = KeySuggestion.closest(to: name, among: valid).map { "; did you mean \"\($0)\"?" } ?? ""
                throw root.fail("score", "unknown score \"\(name)\"\(hint) (valid: \(valid.joined(separator: ", ")))")
            }
            if !scores.contains(score) { scores.append(score) }
        }
        return scores
    }

    private static func readObjective(_ root: SpecMapping) throws(PipelineError) -> Objective {
        guard let node = root["objective"] else { return PipelineMetrics.defaultObjective }
        let objective = try SpecMapping(node, path: "objective")
        try objective.requireKnownKeys(["metric", "direction"])
        let metric = try objective.string("metric", oneOf: PipelineMetrics.objectiveNames) ?? PipelineMetrics.defaultObjective.metric
        let direction = try objective.string("direction", oneOf: ["maximize", "minimize"]).flatMap(Objective.Direction.init(rawValue:))
        return Objective(metric: metric, direction: direction ?? PipelineMetrics.naturalDirection(of: metric))
    }

    private static func readConstraints(_ root: SpecMapping) throws(PipelineError) -> Constraints {
        guard let node = root["constraints"] else { return Constraints() }
        let mapping = try SpecMapping(node, path: "constraints")
        try mapping.requireKnownKeys(["cluster_count", "noise_fraction", "largest_cluster_share"])
        var constraints = Constraints()
        if let pair = try bounds(mapping, "cluster_count") {
            guard pair.0 == pair.0.rounded(), pair.1 == pair.1.rounded(), pair.0 >= 0 else {
                throw mapping.fail("cluster_count", "expected whole numbers [low, high]")
            }
            constraints.clusterCount = Int(pair.0)...Int(pair.1)
        }
        if let pair = try bounds(mapping, "noise_fraction") { constraints.noiseFraction = pair.0...pair.1 }
        if let pair = try bounds(mapping, "largest_cluster_share") { constraints.largestClusterShare = pair.0...pair.1 }
        return constraints
    }

    /// `[low, high]` with low ≤ high.
    static func bounds(_ mapping: SpecMapping, _ key: String) throws(PipelineError) -> (Double, Double)? {
        guard let texts = try mapping.strings(key) else { return nil }
        guard texts.count == 2, let low = Double(texts[0]), let high = Double(texts[1]), low.isFinite, high.isFinite, low <= high else {
            throw mapping.fail(key, "expected [low, high] with two numbers, low ≤ high")
        }
        return (low, high)
    }
}
