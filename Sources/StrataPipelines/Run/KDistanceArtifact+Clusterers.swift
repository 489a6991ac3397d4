import StrataClustering
import StrataCore
import StrataNeighbors
import StrataTracking

extension KDistanceArtifact {
    /// DBSCAN's curve at `k = min_samples` (the row itself counted, so a row is a core point
    /// exactly when its k-distance is <= eps), with the eps and its source as recorded.
    /// `sampled` (sample rows, all rows, min_samples): the curve is `eps: auto`'s search sample's
    /// at the density-scaled k, and says so (its eps reads on the same scale).
    static func dbscan(minSamples: Int, ascending curve: [Float], parameters: [String: ParameterValue],
                       sampled: (rows: Int, of: Int, minSamples: Int)? = nil) -> KDistanceArtifact {
        var definition = "distance to the k-th nearest row, the row itself counted first (core point: k-distance <= eps)"
        if let sampled {
            definition += "; on a seeded sample of \(sampled.rows) of \(sampled.of) rows, where k = \(minSamples) plays the part of "
                + "min_samples = \(sampled.minSamples) on every row (the sample is that much less dense)"
        }
        return KDistanceArtifact(method: "dbscan", k: minSamples, definition: definition,
                                 ascending: curve, eps: parameters["eps"]?.numberValue, epsSource: parameters["eps_source"]?.stringValue)
    }

    /// DBSCAN with a given eps computed no curve while fitting: one k-nearest search here.
    static func dbscan(minSamples: Int, input: Matrix, parameters: [String: ParameterValue], cache: StepCache?) throws -> KDistanceArtifact {
        dbscan(minSamples: minSamples, ascending: try cache.kDistanceCurve(k: minSamples, of: input), parameters: parameters)
    }

    /// HDBSCAN's core distances, which the fit computed anyway: the distance to the
    /// `min_samples`-th other row (the hdbscan package's convention).
    init(hdbscan model: HDBSCAN.Model, rows: Int) {
        let k = Swift.max(1, Swift.min(rows - 1, model.configuration.effectiveMinSamples))
        let selectionEpsilon = model.configuration.clusterSelectionEpsilon
        self.init(method: "hdbscan", k: k,
                  definition: "core distance: distance to the k-th nearest other row (min_samples)",
                  ascending: model.coreDistances.map(Float.init).sorted(),
                  eps: selectionEpsilon > 0 ? selectionEpsilon : nil,
                  epsSource: selectionEpsilon > 0 ? "cluster_selection_epsilon" : nil)
    }
}
