import StrataCore

extension HDBSCAN.Model {
    /// Labels and membership strengths of new rows without refitting, as the package's
    /// `hdbscan.approximate_predict`.
    ///
    /// For each new row: its `2·minSamples` nearest training rows; its own core distance is the
    /// distance to the `(minSamples+1)`-th of them; the training neighbour with the smallest mutual
    /// reachability distance gives λ = 1/distance; starting from that neighbour's cluster in the
    /// condensed tree we climb while the cluster was born at a density ≥ λ; the label is that of the
    /// selected cluster reached (else -1) and the strength `min(λ, λmax)/λmax`.
    /// Complexity: O(m · log n) queries on a KD-tree built over the training rows, O(n log n).
    public func approximatePredict(_ data: Matrix) throws(StrataError) -> (labels: [Int], probabilities: [Double]) {
        guard data.columns == trainingData.columns else {
            throw .dimensionMismatch("new rows have \(data.columns) columns, the model was fitted on \(trainingData.columns)")
        }
        try data.validateFinite()
        try validateForPrediction()
        let m = data.rows, n = trainingData.rows, d = data.columns
        var labels = [Int](repeating: -1, count: m)
        var probabilities = [Double](repeating: 0, count: m)
        let tree = condensedTree
        let root = n
        let clusterCount = tree.maximumCluster - root + 1
        guard m > 0, clusterCount > 1, !selectedClusters.isEmpty else { return (labels, probabilities) }

        // Prediction data, as the package's PredictionData.
        var parentOf = [Int](repeating: -1, count: clusterCount)
        var birth = [Double](repeating: 0, count: clusterCount)
        var children = [[Int]](repeating: [], count: clusterCount)
        var directMaxLambda = [Double](repeating: 0, count: clusterCount)
        var pointParent = [Int](repeating: root, count: n)
        var pointLambda = [Double](repeating: 0, count: n)
        for r in tree.rows {
            if r.lambda > directMaxLambda[r.parent - root] { directMaxLambda[r.parent - root] = r.lambda }
            if r.child >= root {
                parentOf[r.child - root] = r.parent; birth[r.child - root] = r.lambda
                children[r.parent - root].append(r.child)
            } else {
                pointParent[r.child] = r.parent; pointLambda[r.child] = r.lambda
            }
        }
        // Each label's cluster is the lowest condensed-tree segment holding one of its rows.
        var lowestSegment = [Int](repeating: Int.max, count: selectedClusters.count)
        for i in 0..<n where self.labels[i] >= 0 { lowestSegment[self.labels[i]] = Swift.min(lowestSegment[self.labels[i]], pointParent[i]) }
        var labelOf = [Int](repeating: -1, count: clusterCount)
        var maxLambda = [Double](repeating: 0, count: clusterCount)
        for (label, segment) in lowestSegment.enumerated() where segment != Int.max {
            var queue = [segment], head = 0
            while head < queue.count {
                let c = queue[head]; head += 1
                labelOf[c - root] = label
                maxLambda[c - root] = directMaxLambda[segment - root]
                queue.append(contentsOf: children[c - root])
            }
        }

        let minSamples = configuration.effectiveMinSamples
        let k = Swift.min(n, 2 * minSamples)
        let coreIndex = Swift.min(minSamples, k - 1)
        let index = MutualReachabilityKDTree(trainingData)
        let queries = data.storage.map(Double.init)
        let core = predictionCoreDistances
        let results: [[(Int, Double)]] = index.points.withUnsafeBufferPointer { xb in
            index.lower.withUnsafeBufferPointer { lb in
                index.upper.withUnsafeBufferPointer { ub in
                    queries.withUnsafeBufferPointer { qb in
                        nonisolated(unsafe) let x = xb.baseAddress!, lo = lb.baseAddress!, hi = ub.baseAddress!, q = qb.baseAddress!
                        return Parallel.mapChunks(count: m, minimumChunk: 256) { range -> [(Int, Double)] in
                            var dist = [Double](repeating: 0, count: k), rows = [Int32](repeating: 0, count: k)
                            var out = [(Int, Double)]()
                            for i in range {
                                dist.withUnsafeMutableBufferPointer { db in
                                    rows.withUnsafeMutableBufferPointer { rb in
                                        index.nearest(to: q + i * d, k: k, x: x, lo: lo, hi: hi,
                                                      distances: db.baseAddress!, rows: rb.baseAddress!)
                                    }
                                }
                                let own = dist[coreIndex].squareRoot()
                                var bestRow = -1, bestDistance = Double.infinity
                                for t in 0..<k {
                                    let j = Int(rows[t])
                                    let mr = Swift.max(core[j], Swift.max(own, dist[t].squareRoot()))
                                    if mr < bestDistance { bestDistance = mr; bestRow = j }
                                }
                                out.append((bestRow, bestDistance > 0 ? 1 / bestDistance : Double.greatestFiniteMagnitude))
                            }
                            return out
                        }
                    }
                }
            }
        }
        for (i, (neighbor, lambda)) in results.joined().enumerated() {
            var cluster = pointParent[neighbor]
            if pointLambda[neighbor] > lambda {
                while cluster > root, birth[cluster - root] >= lambda { cluster = parentOf[cluster - root] }
            }
            let label = labelOf[cluster - root]
            labels[i] = label
            if label >= 0 {
                let top = maxLambda[cluster - root]
                probabilities[i] = top > 0 ? Swift.min(top, lambda) / top : 1
            }
        }
        return (labels, probabilities)
    }
}
