import Foundation
import Testing
import StrataPipelines

/// The pipeline file as the issue and Guides/Pipelines.md give it, and its errors.
@Suite struct PipelineSpecTests {
    static let example = """
    name: umap-dbscan
    data:
      path: customers.csv          # relative to the file
      id: id                       # optional, default "id"
      columns: [recency, frequency, monetary]   # optional: default every column but the id
      impute: median               # optional: mean | median | zero | <number>; default: missing cells are an error
    steps:
      - select: {variance_threshold: 0.0, correlation_threshold: 0.9}
      - scale: {method: standard, log1p: skewed}        # standard | robust | minmax; log1p: skewed | none | [col, …]
      - reduce: {method: umap, n_components: 3, n_neighbors: 15, min_dist: 0.0, seed: 42}   # or method: pca
      - cluster: {method: dbscan, eps: auto, min_samples: 10}   # dbscan | hdbscan | kmeans | minibatch-kmeans | gmm
    score: [silhouette, davies_bouldin, calinski_harabasz, dbcv, stability]
    objective: {metric: dbcv, direction: maximize}
    constraints: {cluster_count: [3, 30], noise_fraction: [0.0, 0.3]}
    search_space:                                        # only read by `strata sweep`
      steps.reduce.n_neighbors: {int: [5, 50], log: true}
      steps.reduce.min_dist: {float: [0.0, 0.5]}
      steps.cluster.method: {choice: [dbscan, hdbscan, kmeans]}
      steps.cluster.min_samples: {int: [3, 30], when: {steps.cluster.method: [dbscan, hdbscan]}}
      steps.cluster.n_clusters: {int: [3, 15], when: {steps.cluster.method: kmeans}}
    """

    func parse(_ yaml: String) throws -> PipelineSpec {
        try PipelineSpec(yaml: yaml, path: "pipeline.yaml", baseDirectory: URL(fileURLWithPath: "/data"))
    }

    func message(_ yaml: String) -> String {
        do { _ = try parse(yaml); return "no error" } catch { return String(describing: error) }
    }

    @Test func theDocumentedFormParsesAsWritten() throws {
        let spec = try parse(Self.example)
        #expect(spec.name == "umap-dbscan")
        #expect(spec.dataURL.path == "/data/customers.csv")
        #expect(spec.data.columns == ["recency", "frequency", "monetary"])
        #expect(spec.data.impute == .impute(.median))
        #expect(spec.select == SelectStep(varianceThreshold: 0, correlationThreshold: 0.9))
        #expect(spec.scale == ScaleStep(method: .standard, log1p: .skewed))
        guard case .umap(let umap)? = spec.reduce else { Issue.record("reduce is not UMAP"); return }
        #expect(umap.componentCount == 3 && umap.neighborCount == 15 && umap.minimumDistance == 0 && umap.seed == 42)
        #expect(spec.cluster == .dbscan(epsilon: .auto, minSamples: 10))
        #expect(spec.scores == [.silhouette, .daviesBouldin, .calinskiHarabasz, .dbcv, .stability])
        #expect(spec.objective == Objective(metric: "dbcv", direction: .maximize))
        #expect(spec.constraints.clusterCount == 3...30 && spec.constraints.noiseFraction == 0...0.3)
        let names = spec.searchSpace.parameters.map(\.name)
        #expect(names == ["steps.reduce.n_neighbors", "steps.reduce.min_dist", "steps.cluster.method",
                          "steps.cluster.min_samples", "steps.cluster.n_clusters"])
        #expect(spec.searchSpace.parameters[0].domain == .int(low: 5, high: 50, log: true, step: 1))
        #expect(spec.searchSpace.parameters[3].condition == ["steps.cluster.method": [.string("dbscan"), .string("hdbscan")]])
    }

    @Test func aMisspeltKeyNamesLineKeyAndSuggestion() {
        let text = message(Self.example.replacingOccurrences(of: "min_samples: 10}", with: "min_sampels: 10}"))
        #expect(text.contains("pipeline.yaml:11:"), "\(text)")
        #expect(text.contains("steps.cluster.min_sampels"), "\(text)")
        #expect(text.contains("did you mean \"min_samples\""), "\(text)")
    }

    @Test func wrongValuesSayWhatWasExpected() {
        let eps = message(Self.example.replacingOccurrences(of: "eps: auto", with: "eps: big"))
        #expect(eps.contains("pipeline.yaml:11:") && eps.contains("steps.cluster.eps") && eps.contains("positive number"), "\(eps)")
        let method = message(Self.example.replacingOccurrences(of: "method: standard", with: "method: standart"))
        #expect(method.contains("did you mean \"standard\""), "\(method)")
        let range = message(Self.example.replacingOccurrences(of: "cluster_count: [3, 30]", with: "cluster_count: [30, 3]"))
        #expect(range.contains("constraints.cluster_count") && range.contains("low ≤ high"), "\(range)")
        let foreign = message(Self.example.replacingOccurrences(of: "eps: auto, min_samples: 10", with: "n_clusters: 4"))
        #expect(foreign.contains("not an option of dbscan") && foreign.contains("kmeans"), "\(foreign)")
    }

    @Test func structureErrors() {
        #expect(message("name: x\ndata: {path: a.csv}\nsteps:\n  - scale: {}\n").contains("missing the cluster step"))
        #expect(message("name: x\ndata: {path: a.csv}\nsteps:\n  - cluster: {}\n  - scale: {}\n").contains("must come before"))
        #expect(message("name: x\ndata: {path: a.csv}\nsteps:\n  - clustr: {}\n").contains("did you mean \"cluster\""))
        #expect(message("name: x\nsteps:\n  - cluster: {}\n").contains("data"))
        #expect(message("name: [x\n").contains("not a valid pipeline file"))
        let when = message(Self.example.replacingOccurrences(of: "when: {steps.cluster.method: kmeans}", with: "when: {steps.cluster.methd: kmeans}"))
        #expect(when.contains("a condition must name a swept key"), "\(when)")
        let swept = message(Self.example.replacingOccurrences(of: "steps.reduce.min_dist:", with: "steps.reduce.min_distance:"))
        #expect(swept.contains("did you mean \"min_dist\""), "\(swept)")
        let grid = message(Self.example.replacingOccurrences(of: "{float: [0.0, 0.5]}", with: "{float: [0.0, 0.5], log: true}"))
        #expect(grid.contains("positive low bound"), "\(grid)")
    }

    @Test func overridesEditTheFileAndAreNamedInErrors() throws {
        let spec = try parse(Self.example)
        let tuned = try spec.setting(["steps.cluster.eps=0.3", "steps.cluster.min_samples=7"])
        #expect(tuned.cluster == .dbscan(epsilon: .value(0.3), minSamples: 7))
        do {
            _ = try spec.setting(["steps.cluster.eps=-1"])
            Issue.record("a negative eps was accepted")
        } catch {
            #expect(String(describing: error).contains("--set steps.cluster.eps"), "\(error)")
        }
        #expect(throws: PipelineError.self) { try spec.setting(["steps.nothing.x=1"]) }
        #expect(throws: PipelineError.self) { try spec.setting(["no-equals-sign"]) }
        // A sweep switching the method tolerates the other method's options from the file.
        let switched = try spec.setting(["steps.cluster.method": .string("kmeans"), "steps.cluster.n_clusters": .int(5)], source: "search_space")
        guard case .kmeans(let kmeans) = switched.cluster else { Issue.record("method did not switch"); return }
        #expect(kmeans.clusterCount == 5)
    }

    /// umap-learn's set_op_mix_ratio, local_connectivity, repulsion_strength and hdbscan's alpha,
    /// max_cluster_size reach the configurations, and an out-of-range value names its key.
    @Test func umapAndHDBSCANTuningOptionsAreRead() throws {
        let yaml = Self.example
            .replacingOccurrences(of: "min_dist: 0.0, seed: 42}",
                                  with: "min_dist: 0.0, seed: 42, set_op_mix_ratio: 0.4, local_connectivity: 2, repulsion_strength: 0.5}")
            .replacingOccurrences(of: "{method: dbscan, eps: auto, min_samples: 10}",
                                  with: "{method: hdbscan, min_cluster_size: 20, alpha: 1.5, max_cluster_size: 400}")
        let spec = try parse(yaml)
        guard case .umap(let umap)? = spec.reduce else { Issue.record("reduce is not UMAP"); return }
        #expect(umap.setOpMixRatio == 0.4 && umap.localConnectivity == 2 && umap.repulsionStrength == 0.5)
        guard case .hdbscan(let hdbscan) = spec.cluster else { Issue.record("cluster is not HDBSCAN"); return }
        #expect(hdbscan.minimumClusterSize == 20 && hdbscan.alpha == 1.5 && hdbscan.maximumClusterSize == 400)
        let mix = message(yaml.replacingOccurrences(of: "set_op_mix_ratio: 0.4", with: "set_op_mix_ratio: 1.4"))
        #expect(mix.contains("steps.reduce.set_op_mix_ratio") && mix.contains("[0, 1]"), "\(mix)")
        let alpha = message(yaml.replacingOccurrences(of: "alpha: 1.5", with: "alpha: 0"))
        #expect(alpha.contains("steps.cluster.alpha") && alpha.contains("positive"), "\(alpha)")
    }
}
