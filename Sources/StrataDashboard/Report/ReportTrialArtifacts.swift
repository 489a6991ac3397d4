import Foundation
import StrataEvaluation
import StrataTracking

/// Where the chosen trial's segmentation lives: the component whose `labels.csv` holds its
/// segments, and the `embedding.csv`, `profile.json`, `k_distance.json` and `silhouette.json`
/// outputs of its components — read, sampled and reshaped for the report.
///
/// An output is found by its name, or by a value naming that file on another component (a
/// step served from the cache points at the component that computed it).
struct ReportTrialArtifacts {
    /// One output: the component that recorded it and the artifact.
    struct Located {
        var component: String
        var name: String
        var artifact: Artifact

        /// The component that holds the file: the value's first segment when it is
        /// `<component>/<name>`, else the recording one.
        var holder: String {
            let parts = artifact.value.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && !artifact.value.contains(":") ? String(parts[0]) : component
        }
    }

    /// What ``read(from:options:)`` returns.
    struct Gathered {
        var segmentation: ReportData.Segmentation
        var embedding: ReportEmbedding?
        var kDistance: ReportKDistance?
        var silhouette: ReportSilhouette?
        var notes: [String]
    }

    let trial: String
    let components: [TrialComponent]
    /// The component with `labels.csv` (the clustering step).
    let cluster: TrialComponent?

    static func find(trial: String, in store: any TrackingStore) async throws -> ReportTrialArtifacts {
        var components: [TrialComponent] = []
        let page = 500
        while true {
            let batch = try await store.components(trial: trial, ListOptions(sortBy: .name, limit: page, offset: components.count))
            components += batch
            if batch.count < page { break }
        }
        let withLabels = components.filter { $0.outputs["labels.csv"] != nil }
        let cluster = withLabels.first { $0.name.hasSuffix("-cluster") } ?? withLabels.first
        return ReportTrialArtifacts(trial: trial, components: components, cluster: cluster)
    }

    /// The output `name`, on `preferred` first, then on any component of the trial.
    func locate(_ name: String, preferring preferred: TrialComponent? = nil) -> Located? {
        let ordered = (preferred.map { [$0] } ?? []) + components.filter { $0.name != preferred?.name }
        for component in ordered {
            if let artifact = component.outputs[name] { return Located(component: component.name, name: name, artifact: artifact) }
        }
        for component in ordered {
            for (key, artifact) in component.outputs.sorted(by: { $0.key < $1.key }) where artifact.value.hasSuffix("/" + name) {
                return Located(component: component.name, name: key, artifact: artifact)
            }
        }
        return nil
    }

    /// `embedding.csv` on one of the trial's components, or on the component a reduce step
    /// served from the cache names in its `embedding_component` output.
    func locateEmbedding(in store: any TrackingStore) async throws -> Located? {
        if let located = locate("embedding.csv") { return located }
        guard let pointer = locate("embedding_component") else { return nil }
        let holder: TrialComponent
        do { holder = try await store.component(named: pointer.artifact.value) } catch TrackingError.notFound {
            throw ReportError.unreadableArtifact(component: pointer.component, artifact: "embedding_component",
                                                 reason: "it names component \"\(pointer.artifact.value)\", which is not in the store")
        }
        guard let artifact = holder.outputs["embedding.csv"] else {
            throw ReportError.unreadableArtifact(component: pointer.component, artifact: "embedding_component",
                                                 reason: "component \"\(holder.name)\" it names holds no embedding.csv")
        }
        return Located(component: holder.name, name: "embedding.csv", artifact: artifact)
    }

    func contents(_ located: Located, store: any TrackingStore) async throws -> Data {
        do {
            return try await store.artifactContents(located.artifact)
        } catch {
            throw ReportError.unreadableArtifact(component: located.holder, artifact: located.name, reason: "\(error)")
        }
    }

    func read(from store: any TrackingStore, options: ReportOptions) async throws -> Gathered {
        var notes: [String] = []
        var segmentation = ReportData.Segmentation(component: cluster?.name, rows: 0, segments: [], noise: 0, profile: nil, scores: [:])
        if let cluster {
            segmentation.scores = cluster.metrics.filter { !["seconds", "load_seconds", "cluster_size"].contains($0.key) && $0.value.last.isFinite }
                .mapValues(\.last)
        }
        var labels: (csv: ReportCSV, values: [Int])?
        if let located = locate("labels.csv", preferring: cluster) {
            let csv = try ReportCSV(try await contents(located, store: store), component: located.holder, artifact: located.name)
            var values = [Int](repeating: 0, count: csv.rowCount)
            var sizes: [Int: Int] = [:]
            for row in 0..<csv.rowCount {
                let label = try csv.lastInteger(row)
                guard label >= -1 else {
                    throw ReportError.badArtifact(component: located.holder, artifact: located.name, line: row + 2,
                                                  reason: "label \(label) is invalid; labels are segment numbers ≥ 0, or -1 for noise")
                }
                values[row] = label
                sizes[label, default: 0] += 1
            }
            segmentation.rows = csv.rowCount
            segmentation.noise = sizes[-1] ?? 0
            segmentation.segments = sizes.filter { $0.key >= 0 }.sorted { $0.key < $1.key }.map { .init(label: $0.key, size: $0.value) }
            labels = (csv, values)
        } else {
            notes.append("Trial \"\(trial)\" recorded no segment labels (labels.csv), so no sizes or embedding can be shown.")
        }
        if let located = locate("profile.json", preferring: cluster) {
            segmentation.profile = try ReportJSON.decode(SegmentProfile.self, try await contents(located, store: store), located)
        } else {
            notes.append("No segment profile (profile.json) was recorded for trial \"\(trial)\".")
        }

        var embedding: ReportEmbedding?
        if let located = try await locateEmbedding(in: store) {
            if let labels {
                let csv = try ReportCSV(try await contents(located, store: store), component: located.holder, artifact: located.name)
                embedding = try ReportEmbedding.sample(embedding: csv, labels: labels.csv, segments: labels.values,
                                                       maximum: options.maximumPoints, seed: options.seed)
            } else {
                notes.append("The embedding of trial \"\(trial)\" cannot be coloured by segment without its labels.csv, so it is not shown.")
            }
        } else {
            notes.append("No embedding (embedding.csv) was recorded for trial \"\(trial)\": its pipeline has no reduce step, or ran without keeping it. The scatter of customers is therefore not shown.")
        }

        var kDistance: ReportKDistance?
        if let located = locate("k_distance.json") {
            kDistance = try ReportKDistance.read(try await contents(located, store: store), located: located, maximumPoints: options.maximumCurvePoints)
        } else {
            notes.append("No k-distance curve (k_distance.json) was recorded for trial \"\(trial)\"; runs record it for density clusterings (DBSCAN, HDBSCAN).")
        }
        var silhouette: ReportSilhouette?
        if let located = locate("silhouette.json") {
            silhouette = try ReportSilhouette.read(try await contents(located, store: store), located: located, maximumSamples: options.maximumCurvePoints)
        } else {
            notes.append("No per-customer silhouette values (silhouette.json) were recorded for trial \"\(trial)\".")
        }
        return Gathered(segmentation: segmentation, embedding: embedding, kDistance: kDistance, silhouette: silhouette, notes: notes)
    }
}
