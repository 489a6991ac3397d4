import StrataCore

/// Density-Based Clustering Validation (Moulavi, Jaskowiak, Campello, Zimek & Sander, SDM 2014)
/// with the semantics of the `hdbscan` package's `hdbscan.validity.validity_index` (0.8.44,
/// Euclidean, `mst_raw_dist=False`).
///
/// For each cluster: every point's all-points core distance (an inverse-power mean of its
/// distances to the cluster's other points, power `d` = the number of columns); the minimum
/// spanning tree of the cluster under mutual reachability `max(dᵢⱼ, coreᵢ, coreⱼ)`; its
/// density sparseness, the largest edge between internal vertices (vertices of degree > 1).
/// Between clusters, the density separation is the smallest mutual-reachability distance
/// between their internal vertices. A cluster's validity is
/// `(minimum separation − sparseness) / max(minimum separation, sparseness)`, and the index is
/// their mean weighted by cluster size over **all** rows, noise included — so noise pulls the
/// index towards 0. Range −1…1, higher is better; unlike silhouette it rewards arbitrarily
/// shaped, density-separated clusters.
///
/// ```swift
/// let exact = try DBCV().evaluate(embedding, labels: model.labels)
/// let quick = try DBCV(sampleSize: 10_000, seed: 1).evaluate(embedding, labels: model.labels)
/// print(quick.score, quick.isSampled)
/// ```
///
/// Exact: O(Σ nᵢ² d) for the clusters' trees plus at most O(m² d) for the separations over the
/// m internal vertices (usually far less: see `DBCVSeparation`); memory O(n d), never an
/// n × n matrix (hdbscan builds three per cluster). Both cores, `SIMD8<Double>`.
///
/// Sampled (`sampleSize` below the number of clustered rows): a seeded, stratified subsample
/// — every cluster contributes in proportion to its size, at least
/// ``minimumSampledPerCluster`` rows (all of a smaller cluster) — is scored exactly, and the
/// clusters' validities are weighted by their full sizes over all rows. Core distances are
/// computed among the sampled rows, so each cluster's density is that of its sample; because
/// every cluster is thinned by the same fraction, their relative densities are kept. The
/// guide (ModelSelection.md, "Metrics") gives the estimate's measured error and spread.
///
/// Differences from hdbscan: a one-point cluster (hdbscan raises) has sparseness 0 and
/// validity 0; a cluster with separation and sparseness both 0 (0/0) has validity 0; fewer
/// than 2 clusters is an error (hdbscan returns NaN); labels below −1 are an error.
public struct DBCV: Codable, Hashable, Sendable {
    /// Rows to score, stratified by cluster; nil scores every clustered row exactly.
    public var sampleSize: Int?
    /// Seed for the subsample.
    public var seed: UInt64
    /// The fewest rows a sampled cluster keeps (all of them when it is smaller).
    public static let minimumSampledPerCluster = 10

    public init(sampleSize: Int? = nil, seed: UInt64 = 0) {
        self.sampleSize = sampleSize
        self.seed = seed
    }

    /// Scores `labels` (one per row of `data`, `-1` = noise) on `data`.
    ///
    /// Throws when labels and rows differ in number, a label is below −1, `data` holds NaN or
    /// infinity or has no columns, `sampleSize` < 2, or fewer than 2 clusters remain.
    public func evaluate(_ data: Matrix, labels: [Int]) throws(StrataError) -> DBCVResult {
        if let s = sampleSize, s < 2 {
            throw .invalidArgument("DBCV: sampleSize must be at least 2, got \(s); pass nil to score every row")
        }
        guard data.columns > 0 else {
            throw .invalidArgument("DBCV needs at least one feature column, got \(data.rows)×0 data")
        }
        try data.validateFinite()
        let encoded = try EncodedLabels(labels: labels, rowCount: data.rows, noise: .exclude, metric: "DBCV")
        let k = encoded.clusterCount
        guard k >= 2 else {
            let noiseNote = encoded.excludedNoiseFraction > 0
                ? " after leaving out \(Int((encoded.excludedNoiseFraction * 100).rounded()))% noise rows" : ""
            throw .invalidArgument("DBCV needs at least 2 clusters, got \(k)\(noiseNote); the separation between clusters is undefined")
        }
        var members = [[Int]](repeating: [], count: k)
        for (row, code) in zip(encoded.rows, encoded.codes) { members[Int(code)].append(row) }
        let fullSizes = encoded.sizes
        var sampled = false
        if let s = sampleSize, s < encoded.rows.count {
            members = Self.stratifiedSample(members, total: encoded.rows.count, target: s, seed: seed)
            sampled = true
        }
        // Clusters over the cores (a sweep's DBSCAN attempts have hundreds of small ones, each
        // too small to split); a large one also splits its own core distances. Each cluster is
        // computed alone, so the result does not depend on the thread count.
        let slots = ResultSlots<DBCVCluster>(count: k)
        let sampledMembers = members
        Parallel.perform(iterations: k) { c in
            slots[c] = DBCVCluster(points: DBCVPoints(data: data, rows: sampledMembers[c]), dimension: data.columns)
        }
        let clusters = slots.values()
        let separation = DBCVSeparation.compute(data: data, memberRows: members, clusters: clusters)
        var validities = [Double](repeating: 0, count: k)
        var score = 0.0
        for c in 0..<k {
            let minimum = separation[c]
            let sparseness = clusters[c].densitySparseness
            let denominator = Swift.max(minimum, sparseness)
            let v = members[c].count < 2 || denominator == 0 ? 0 : (minimum - sparseness) / denominator
            validities[c] = v
            score += Double(fullSizes[c]) / Double(data.rows) * v
        }
        return DBCVResult(score: score, clusterLabels: encoded.labelValues, clusterSizes: fullSizes,
                          clusterValidities: validities, noiseFraction: encoded.excludedNoiseFraction,
                          evaluatedCount: members.reduce(0) { $0 + $1.count }, isSampled: sampled)
    }

    /// Proportional allocation with a floor, drawn by a seeded partial Fisher–Yates per
    /// cluster; each cluster's sample is returned in ascending row order.
    static func stratifiedSample(_ members: [[Int]], total: Int, target: Int, seed: UInt64) -> [[Int]] {
        var generator = SeededGenerator(seed: seed)
        let fraction = Double(target) / Double(total)
        return members.map { rows in
            let want = Swift.min(rows.count, Swift.max(minimumSampledPerCluster, Int((Double(rows.count) * fraction).rounded())))
            var pool = rows
            for i in 0..<want {
                pool.swapAt(i, i + generator.nextInt(below: pool.count - i))
            }
            return Array(pool[0..<want]).sorted()
        }
    }
}

/// Convenience for ``DBCV``: the validity index of `labels` on `data`.
///
/// ```swift
/// let v = try dbcvScore(embedding, labels: labels).score
/// ```
public func dbcvScore(_ data: Matrix, labels: [Int], sampleSize: Int? = nil, seed: UInt64 = 0) throws(StrataError) -> DBCVResult {
    try DBCV(sampleSize: sampleSize, seed: seed).evaluate(data, labels: labels)
}
