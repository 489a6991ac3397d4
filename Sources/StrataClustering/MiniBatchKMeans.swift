import StrataCore

/// Mini-batch k-means for millions of rows, with scikit-learn 1.7's `MiniBatchKMeans` semantics:
/// k-means++ (or random) seeding on an `initSize` sample, online centre updates from random
/// batches with per-centre counts, low-count centre reassignment, and early stopping on the
/// exponentially weighted average of the batch inertia.
///
/// ```swift
/// let model = try MiniBatchKMeans(clusterCount: 12, batchSize: 4096, seed: 7).fit(millionsOfRows)
/// model.inertia    // on all rows, after the last batch
/// ```
///
/// Complexity: O(batchSize · k · d) per step, at most `maxIterations · n / batchSize` steps (early
/// stopping usually ends far sooner), plus one O(n · k · d) labelling pass over all rows at the end.
/// Memory: the data plus O(n) labels.
///
/// References: Sculley, "Web-scale k-means clustering" (WWW 2010); scikit-learn
/// `sklearn.cluster.MiniBatchKMeans`.
public struct MiniBatchKMeans: Clusterer, Codable, Hashable, Sendable {
    /// Number of clusters (sklearn `n_clusters`).
    public var clusterCount: Int
    /// Seeding method (sklearn `init`), applied to an `initSize` random sample.
    public var initialization: KMeans.Initialization
    /// Passes over the data, counted in batches (sklearn `max_iter`, default 100).
    public var maxIterations: Int
    /// Rows per batch (sklearn `batch_size`, default 1024).
    public var batchSize: Int
    /// Early stop when the summed squared centre change is at most this, scaled by the mean
    /// feature variance; 0 disables it (sklearn `tol`, default 0).
    public var tolerance: Double
    /// Early stop after this many batches without a better smoothed inertia; `nil` disables it
    /// (sklearn `max_no_improvement`, default 10).
    public var maxNoImprovement: Int?
    /// Rows sampled for seeding and for picking the best seeding; `nil` means 3 × batchSize
    /// (at least 3 × clusterCount), as sklearn `init_size`.
    public var initSize: Int?
    /// Seedings tried; the one with the lowest inertia on the sample wins. `nil` = sklearn's
    /// `"auto"`: 1 for k-means++ and explicit centres, 3 for random (sklearn `n_init`).
    public var initCount: Int?
    /// Centres whose count falls below this fraction of the largest count are moved onto random
    /// batch rows (sklearn `reassignment_ratio`, default 0.01).
    public var reassignmentRatio: Double
    /// Seed for every random choice (sklearn `random_state`).
    public var seed: UInt64

    public init(clusterCount: Int = 8, initialization: KMeans.Initialization = .kMeansPlusPlus, maxIterations: Int = 100,
                batchSize: Int = 1024, tolerance: Double = 0, maxNoImprovement: Int? = 10, initSize: Int? = nil,
                initCount: Int? = nil, reassignmentRatio: Double = 0.01, seed: UInt64 = 0) {
        self.clusterCount = clusterCount
        self.initialization = initialization
        self.maxIterations = maxIterations
        self.batchSize = batchSize
        self.tolerance = tolerance
        self.maxNoImprovement = maxNoImprovement
        self.initSize = initSize
        self.initCount = initCount
        self.reassignmentRatio = reassignmentRatio
        self.seed = seed
    }

    /// The number of seedings actually tried, resolving `"auto"` as sklearn 1.7 does.
    public var effectiveInitCount: Int {
        switch initialization {
        case .centers: return 1
        case .random: return initCount ?? 3
        case .kMeansPlusPlus: return initCount ?? 1
        }
    }

    public func validate() throws(StrataError) {
        guard clusterCount >= 1 else { throw .invalidArgument("MiniBatchKMeans clusterCount must be at least 1, got \(clusterCount)") }
        guard maxIterations >= 1 else { throw .invalidArgument("MiniBatchKMeans maxIterations must be at least 1, got \(maxIterations)") }
        guard batchSize >= 1 else { throw .invalidArgument("MiniBatchKMeans batchSize must be at least 1, got \(batchSize)") }
        guard tolerance >= 0, tolerance.isFinite else { throw .invalidArgument("MiniBatchKMeans tolerance must be a finite value >= 0, got \(tolerance)") }
        if let m = maxNoImprovement, m < 0 { throw .invalidArgument("MiniBatchKMeans maxNoImprovement must be >= 0 (or nil to disable), got \(m)") }
        if let s = initSize, s < 1 { throw .invalidArgument("MiniBatchKMeans initSize must be at least 1 (or nil for 3 × batchSize), got \(s)") }
        if let c = initCount, c < 1 { throw .invalidArgument("MiniBatchKMeans initCount must be at least 1 (or nil for sklearn's \"auto\"), got \(c)") }
        guard reassignmentRatio >= 0, reassignmentRatio.isFinite else {
            throw .invalidArgument("MiniBatchKMeans reassignmentRatio must be a finite value >= 0, got \(reassignmentRatio)")
        }
        if case .centers(let c) = initialization {
            guard c.rows == clusterCount else {
                throw .invalidArgument("MiniBatchKMeans initial centers have \(c.rows) rows but clusterCount is \(clusterCount); pass one row per cluster")
            }
            try c.validateFinite()
        }
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        try validate()
        try KMeans.checkData(data, clusterCount: clusterCount, algorithmName: "MiniBatchKMeans")
        if case .centers(let c) = initialization, c.columns != data.columns {
            throw .dimensionMismatch("MiniBatchKMeans initial centers have \(c.columns) columns but the data has \(data.columns); pass one value per feature")
        }
        let n = data.rows, k = clusterCount
        let batch = min(batchSize, n)
        // sklearn's `_init_size`: 3 × batch by default, never below the cluster count.
        var sampleSize = initSize ?? 3 * batch
        if sampleSize < k { sampleSize = 3 * k }
        sampleSize = min(sampleSize, n)
        let scaledTolerance = KMeansKernels.scaledTolerance(data, tolerance: tolerance)
        var generator = SeededGenerator(seed: seed)

        // Seedings are compared on one validation sample drawn with replacement, as sklearn.
        let validation = data.selectingRows((0..<sampleSize).map { _ in generator.nextInt(below: n) })
        var best: (centers: [Double], inertia: Double)? = nil
        for _ in 0..<effectiveInitCount {
            let centers: [Double]
            switch initialization {
            case .centers(let c): centers = c.storage.map(Double.init)
            case .random, .kMeansPlusPlus:
                let sample = data.selectingRows((0..<sampleSize).map { _ in generator.nextInt(below: n) })
                if case .random = initialization {
                    centers = KMeansKernels.randomCenters(sample, count: k, generator: &generator)
                } else {
                    centers = KMeansKernels.kMeansPlusPlus(sample, count: k, generator: &generator)
                }
            }
            let labels = KMeansKernels.assign(validation, centers: centers, clusterCount: k)
            let inertia = KMeansKernels.inertia(validation, centers: centers, labels: labels)
            if best == nil || inertia < best!.inertia { best = (centers, inertia) }
        }

        var state = MiniBatchState(centers: best!.centers, clusterCount: k, columns: data.columns)
        let stepCount = (maxIterations * n) / batch
        var step = 0
        var ewa: Double? = nil, ewaMinimum: Double? = nil
        var noImprovement = 0, sinceReassign = 0
        var indices = [Int](repeating: 0, count: batch)
        while step < stepCount {
            for b in 0..<batch { indices[b] = generator.nextInt(below: n) }
            // sklearn's `_random_reassign`: every 10·k rows seen, or whenever a centre is empty.
            sinceReassign += batch
            var reassign = false
            if state.counts.contains(0) || sinceReassign >= 10 * k { sinceReassign = 0; reassign = true }
            let old = state.centers
            var batchInertia = state.step(data, rows: indices)
            if reassign && reassignmentRatio > 0 {
                state.reassignLowCounts(data, rows: indices, ratio: reassignmentRatio, generator: &generator)
            }
            var squaredChange = 0.0
            if scaledTolerance > 0 { for t in 0..<old.count { let v = state.centers[t] - old[t]; squaredChange += v * v } }
            step += 1
            // sklearn's `_mini_batch_convergence`.
            batchInertia /= Double(batch)
            if step == 1 { continue }
            if let current = ewa {
                let alpha = min(1, Double(batch) * 2 / Double(n + 1))
                ewa = current * (1 - alpha) + batchInertia * alpha
            } else {
                ewa = batchInertia
            }
            if scaledTolerance > 0 && squaredChange <= scaledTolerance { break }
            if ewaMinimum == nil || ewa! < ewaMinimum! {
                noImprovement = 0
                ewaMinimum = ewa
            } else {
                noImprovement += 1
            }
            if let limit = maxNoImprovement, noImprovement >= limit { break }
        }
        let steps = max(step, 1)
        let labels = KMeansKernels.assign(data, centers: state.centers, clusterCount: k)
        let inertia = KMeansKernels.inertia(data, centers: state.centers, labels: labels)
        let centers = try! Matrix(rows: k, columns: data.columns, values: state.centers.map { Float($0) })
        let iterations = (steps * batch + n - 1) / n
        return Model(centers: centers, labels: labels.map(Int.init), inertia: inertia, iterationCount: iterations, stepCount: steps)
    }
}
