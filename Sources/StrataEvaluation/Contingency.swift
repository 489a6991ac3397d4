import StrataCore

/// The sparse contingency table of two labelings: how many rows carry each (true, predicted)
/// pair. Labels are arbitrary integers (`-1` is an ordinary label here, as in sklearn).
struct Contingency: Sendable {
    /// Rows per true class.
    let classSizes: [Int]
    /// Rows per predicted cluster.
    let clusterSizes: [Int]
    /// Non-zero cells: (class code, cluster code, count), ordered by class then cluster.
    let cells: [(row: Int, column: Int, count: Int)]
    let sampleCount: Int

    init(_ truth: [Int], _ predicted: [Int], metric: String) throws(StrataError) {
        guard truth.count == predicted.count else {
            throw .dimensionMismatch("\(metric): the two labelings have \(truth.count) and \(predicted.count) entries; they must label the same rows")
        }
        let (tc, tk) = Self.encode(truth)
        let (pc, pk) = Self.encode(predicted)
        var counts = [Int: Int]()
        for i in 0..<truth.count { counts[tc[i] * pk + pc[i], default: 0] += 1 }
        var classSizes = [Int](repeating: 0, count: tk)
        var clusterSizes = [Int](repeating: 0, count: pk)
        for i in 0..<truth.count { classSizes[tc[i]] += 1; clusterSizes[pc[i]] += 1 }
        cells = counts.keys.sorted().map { key in (key / pk, key % pk, counts[key]!) }
        self.classSizes = classSizes
        self.clusterSizes = clusterSizes
        sampleCount = truth.count
    }

    /// Codes in sorted label order (sklearn's `np.unique(..., return_inverse=True)`).
    private static func encode(_ labels: [Int]) -> ([Int], Int) {
        let distinct = Set(labels).sorted()
        var code = [Int: Int](minimumCapacity: distinct.count)
        for (i, l) in distinct.enumerated() { code[l] = i }
        return (labels.map { code[$0]! }, distinct.count)
    }
}
