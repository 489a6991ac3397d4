import StrataCore

extension HDBSCAN {
    /// The fit's core distances alone (distance to the `minSamples`-th other row), for benchmarks
    /// that time this stage apart from the spanning tree.
    package static func coreDistances(of data: Matrix, minSamples: Int) -> [Double] {
        let tree = MutualReachabilityKDTree(data)
        let k = Swift.max(1, Swift.min(data.rows - 1, minSamples)) + 1
        let (byPosition, _) = tree.coreDistancesSquared(k: k, alsoRank: k)
        var out = [Double](repeating: 0, count: data.rows)
        for p in 0..<data.rows { out[Int(tree.order[p])] = byPosition[p].squareRoot() }
        return out
    }
}
