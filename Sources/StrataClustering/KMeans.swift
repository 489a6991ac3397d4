import StrataCore

/// K-means clustering with scikit-learn 1.7's semantics: greedy k-means++ seeding, Lloyd or Elkan
/// iterations, `n_init` restarts keeping the lowest inertia, and a tolerance scaled by the data's
/// mean per-feature variance.
///
/// ```swift
/// let model = try KMeans(clusterCount: 8, seed: 42).fit(customers)
/// model.labels      // one cluster per row
/// model.inertia     // Σ squared distance to the assigned centre
/// try model.predict(newCustomers)
/// ```
///
/// Complexity: O(n · k · d) per iteration for Lloyd (Elkan skips most distance evaluations once
/// centres settle, at O(n · k) extra memory for its lower bounds); O(n · k · d · (2 + ln k)) for
/// k-means++. Memory: the data plus O(n) labels. Work is split over all cores in fixed chunks, so
/// results are identical for any thread count.
///
/// References: Lloyd, "Least squares quantization in PCM" (1982); Arthur & Vassilvitskii,
/// "k-means++: the advantages of careful seeding" (2007); Elkan, "Using the triangle inequality to
/// accelerate k-means" (2003); scikit-learn `sklearn.cluster.KMeans`.
public struct KMeans: Clusterer, Codable, Hashable, Sendable {
    /// How the first centres are chosen.
    public enum Initialization: Codable, Hashable, Sendable {
        /// Greedy k-means++: each new centre is the best of `2 + ⌊ln k⌋` candidates drawn with
        /// probability proportional to the squared distance to the nearest chosen centre.
        case kMeansPlusPlus
        /// `clusterCount` distinct rows drawn uniformly.
        case random
        /// Explicit initial centres (`clusterCount` rows, one column per feature); runs once.
        case centers(Matrix)
    }

    /// The centre-update algorithm. Both give the same clustering; Elkan avoids distance
    /// evaluations with triangle-inequality bounds (sklearn `algorithm="lloyd"|"elkan"`).
    public enum Algorithm: String, Codable, Hashable, Sendable, CaseIterable {
        case lloyd, elkan
    }

    /// Number of clusters (sklearn `n_clusters`).
    public var clusterCount: Int
    /// Seeding method (sklearn `init`).
    public var initialization: Initialization
    /// Number of seeded runs; the lowest inertia wins (sklearn `n_init`). `nil` means sklearn's
    /// `"auto"`: 1 for k-means++ and explicit centres, 10 for random.
    public var initCount: Int?
    /// Iteration cap per run (sklearn `max_iter`).
    public var maxIterations: Int
    /// Relative tolerance; multiplied by the mean per-feature variance of the data and compared
    /// with the summed squared centre shift (sklearn `tol`).
    public var tolerance: Double
    /// Lloyd or Elkan (sklearn `algorithm`).
    public var algorithm: Algorithm
    /// Seed for every random choice (sklearn `random_state`).
    public var seed: UInt64

    public init(clusterCount: Int = 8, initialization: Initialization = .kMeansPlusPlus, initCount: Int? = nil,
                maxIterations: Int = 300, tolerance: Double = 1e-4, algorithm: Algorithm = .lloyd, seed: UInt64 = 0) {
        self.clusterCount = clusterCount
        self.initialization = initialization
        self.initCount = initCount
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.algorithm = algorithm
        self.seed = seed
    }

    /// The number of runs actually made, resolving `"auto"` as sklearn 1.7 does.
    public var effectiveInitCount: Int {
        switch initialization {
        case .centers: return 1
        case .random: return initCount ?? 10
        case .kMeansPlusPlus: return initCount ?? 1
        }
    }

    public func validate() throws(StrataError) {
        guard clusterCount >= 1 else {
            throw .invalidArgument("KMeans clusterCount must be at least 1, got \(clusterCount)")
        }
        if let initCount, initCount < 1 {
            throw .invalidArgument("KMeans initCount must be at least 1 (or nil for sklearn's \"auto\"), got \(initCount)")
        }
        guard maxIterations >= 1 else {
            throw .invalidArgument("KMeans maxIterations must be at least 1, got \(maxIterations)")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw .invalidArgument("KMeans tolerance must be a finite value >= 0, got \(tolerance)")
        }
        if case .centers(let c) = initialization {
            guard c.rows == clusterCount else {
                throw .invalidArgument("KMeans initial centers have \(c.rows) rows but clusterCount is \(clusterCount); pass one row per cluster")
            }
            try c.validateFinite()
        }
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        try validate()
        try KMeans.checkData(data, clusterCount: clusterCount, algorithmName: "KMeans")
        if case .centers(let c) = initialization, c.columns != data.columns {
            throw .dimensionMismatch("KMeans initial centers have \(c.columns) columns but the data has \(data.columns); pass one value per feature")
        }
        let scaledTolerance = KMeansKernels.scaledTolerance(data, tolerance: tolerance)
        var generator = SeededGenerator(seed: seed)
        // sklearn falls back to Lloyd for one cluster: Elkan's bounds need a second centre.
        let useElkan = algorithm == .elkan && clusterCount > 1
        let blocks = RowBlocks(data)
        defer { blocks.deallocate() }
        var best: KMeansRun? = nil
        for _ in 0..<effectiveInitCount {
            let start: [Double]
            switch initialization {
            case .centers(let c): start = c.storage.map(Double.init)
            case .random: start = KMeansKernels.randomCenters(data, count: clusterCount, generator: &generator)
            case .kMeansPlusPlus: start = KMeansKernels.kMeansPlusPlus(data, blocks: blocks, count: clusterCount, generator: &generator)
            }
            let run = useElkan
                ? KMeansKernels.elkan(data, centers: start, clusterCount: clusterCount, maxIterations: maxIterations, tolerance: scaledTolerance)
                : KMeansKernels.lloyd(data, blocks: blocks, centers: start, clusterCount: clusterCount, maxIterations: maxIterations, tolerance: scaledTolerance)
            // sklearn keeps a later run only when it is better *and* a genuinely different partition.
            if let current = best {
                if run.inertia < current.inertia && !KMeansKernels.isSameClustering(run.labels, current.labels, clusterCount: clusterCount) {
                    best = run
                }
            } else {
                best = run
            }
        }
        let run = best!
        let centers = try! Matrix(rows: clusterCount, columns: data.columns, values: run.centers.map { Float($0) })
        return Model(centers: centers, labels: run.labels.map(Int.init), inertia: run.inertia, iterationCount: run.iterations)
    }

    /// Shared input checks for the k-means family: finite values, at least one row and column,
    /// and no more clusters than rows (sklearn raises the same).
    static func checkData(_ data: Matrix, clusterCount: Int, algorithmName: String) throws(StrataError) {
        guard data.rows >= 1 else { throw .notEnoughSamples("\(algorithmName) needs at least one row, got an empty matrix") }
        guard data.columns >= 1 else { throw .invalidArgument("\(algorithmName) needs at least one feature column, got 0") }
        try data.validateFinite()
        guard data.rows >= clusterCount else {
            throw .notEnoughSamples("\(algorithmName): n_samples=\(data.rows) should be >= clusterCount=\(clusterCount); lower clusterCount or pass more rows")
        }
    }
}
