/// Flat clusters from a condensed tree: stability, excess-of-mass or leaf selection, the
/// `cluster_selection_epsilon` merge, labels, membership probabilities and persistence — the
/// hdbscan package's `compute_stability`, `get_clusters`, `do_labelling`, `get_probabilities` and
/// `get_stability_scores`, step for step (including its single-precision sum of child stabilities
/// in excess of mass, which decides near-ties the same way).
///
/// Cluster ids run from the root `n` upwards, parents before children, so every per-cluster
/// quantity lives in an array indexed by `id - n`. Complexity O(n + clusters · depth).
struct ClusterSelection {
    let labels: [Int]
    let probabilities: [Double]
    /// Selected cluster ids, ascending: label `i` is `selected[i]`.
    let selected: [Int]
    let persistence: [Double]

    /// The selection of a data set too small to condense: every row is noise.
    init(empty n: Int) {
        labels = [Int](repeating: -1, count: n)
        probabilities = [Double](repeating: 0, count: n)
        selected = []
        persistence = []
    }

    init(tree: HDBSCAN.CondensedTree, method: HDBSCAN.ClusterSelectionMethod, allowSingleCluster: Bool,
         epsilon: Double, maximumClusterSize: Int) {
        let n = tree.pointCount, rows = tree.rows
        let root = n
        let clusterCount = tree.maximumCluster - root + 1
        var birth = [Double](repeating: 0, count: clusterCount)
        var directMaxLambda = [Double](repeating: 0, count: clusterCount)
        var parentOf = [Int](repeating: -1, count: clusterCount)
        var size = [Int](repeating: 0, count: clusterCount)
        var children = [[Int]](repeating: [], count: clusterCount)
        var pointLambda = [Double](repeating: 0, count: n)
        var pointParent = [Int](repeating: root, count: n)
        var globalMaxLambda = 0.0
        for r in rows {
            let p = r.parent - root
            if r.lambda > directMaxLambda[p] { directMaxLambda[p] = r.lambda }
            if r.lambda > globalMaxLambda { globalMaxLambda = r.lambda }
            if r.child >= root {
                let c = r.child - root
                birth[c] = r.lambda; parentOf[c] = r.parent; size[c] = r.childSize
                children[p].append(r.child)
            } else {
                pointLambda[r.child] = r.lambda; pointParent[r.child] = r.parent
            }
        }
        birth[0] = 0
        var stability = [Double](repeating: 0, count: clusterCount)
        for r in rows { stability[r.parent - root] += (r.lambda - birth[r.parent - root]) * Double(r.childSize) }

        let hasClusterRows = clusterCount > 1
        var isCluster = [Bool](repeating: false, count: clusterCount)
        let lowest = allowSingleCluster ? 0 : 1
        if lowest < clusterCount { for c in lowest..<clusterCount { isCluster[c] = true } }
        if allowSingleCluster { size[0] = children[0].reduce(0) { $0 + size[$1 - root] } }
        let maxSize = maximumClusterSize <= 0 ? n + 1 : maximumClusterSize
        func descendants(_ c: Int) -> [Int] {
            var out = [c], head = 0
            while head < out.count { out.append(contentsOf: children[out[head] - root]); head += 1 }
            return out
        }
        // Cluster-tree leaves, in the package's depth-first order (its Python set is then
        // iterated; we iterate ascending ids, which only matters for nested epsilon selections).
        func leaves() -> [Int] {
            guard hasClusterRows else { return [] }
            var out = [Int](), stack = [root]
            while let node = stack.popLast() {
                if children[node - root].isEmpty { out.append(node) } else { stack.append(contentsOf: children[node - root]) }
            }
            return out.sorted()
        }
        func epsilonSearch(_ candidates: [Int]) -> Set<Int> {
            var chosen = Set<Int>(), processed = Set<Int>()
            for leaf in candidates {
                let leafEpsilon = 1 / birth[leaf - root]
                if leafEpsilon < epsilon {
                    if processed.contains(leaf) { continue }
                    var node = leaf, result = leaf
                    while true {
                        let parent = parentOf[node - root]
                        if parent == root { result = allowSingleCluster ? parent : node; break }
                        if 1 / birth[parent - root] > epsilon { result = parent; break }
                        node = parent
                    }
                    chosen.insert(result)
                    for sub in descendants(result) where sub != result { processed.insert(sub) }
                } else {
                    chosen.insert(leaf)
                }
            }
            return chosen
        }

        switch method {
        case .excessOfMass:
            for c in stride(from: clusterCount - 1, through: lowest, by: -1) {
                var subtree: Float = 0
                for child in children[c] { subtree = Float(Double(subtree) + stability[child - root]) }
                if Double(subtree) > stability[c] || size[c] > maxSize {
                    isCluster[c] = false
                    stability[c] = Double(subtree)
                }
            }
            // A kept cluster unselects its whole subtree (the package walks it per kept node; one
            // top-down pass gives the same answer in O(clusters)).
            var covered = [Bool](repeating: false, count: clusterCount)
            for c in 1..<clusterCount {
                let p = parentOf[c] - root
                covered[c] = covered[p] || isCluster[p]
                if covered[c] { isCluster[c] = false }
            }
            if epsilon != 0 && hasClusterRows {
                let eom = (0..<clusterCount).filter { isCluster[$0] }.map { $0 + root }
                let chosen: Set<Int>
                if eom == [root] { chosen = allowSingleCluster ? [root] : [] } else { chosen = epsilonSearch(eom) }
                for c in lowest..<clusterCount { isCluster[c] = chosen.contains(c + root) }
            }
        case .leaf:
            let leafSet = leaves()
            let chosen = epsilon != 0 ? epsilonSearch(leafSet) : Set(leafSet)
            // Only ids in the package's node list can be selected; with no split nothing is.
            for c in 0..<clusterCount { isCluster[c] = c >= lowest && chosen.contains(c + root) }
        }

        let selected = (0..<clusterCount).filter { isCluster[$0] }.map { $0 + root }
        var labelOf = [Int](repeating: -1, count: clusterCount)
        for (label, c) in selected.enumerated() { labelOf[c - root] = label }
        // Label of the nearest selected ancestor-or-self; the root's rows never union into a
        // selected child, as in the package's union-find.
        var owner = [Int](repeating: -1, count: clusterCount)
        for c in 0..<clusterCount {
            if isCluster[c] { owner[c] = c + root } else if c == 0 { owner[c] = root } else { owner[c] = owner[parentOf[c] - root] }
        }
        var labels = [Int](repeating: -1, count: n)
        for i in 0..<n {
            let o = owner[pointParent[i] - root]
            if o == root {
                if selected.count == 1 && allowSingleCluster && isCluster[0] {
                    let keep = epsilon != 0 ? pointLambda[i] >= 1 / epsilon : pointLambda[i] >= directMaxLambda[0]
                    labels[i] = keep ? labelOf[0] : -1
                }
            } else {
                labels[i] = labelOf[o - root]
            }
        }
        var probabilities = [Double](repeating: 0, count: n)
        for i in 0..<n where labels[i] >= 0 {
            let maxLambda = directMaxLambda[selected[labels[i]] - root]
            let lambda = pointLambda[i]
            probabilities[i] = (maxLambda == 0 || !lambda.isFinite) ? 1 : Swift.min(lambda, maxLambda) / maxLambda
        }
        var counts = [Int](repeating: 0, count: selected.count)
        for l in labels where l >= 0 { counts[l] += 1 }
        persistence = selected.enumerated().map { index, c in
            (globalMaxLambda.isInfinite || globalMaxLambda == 0 || counts[index] == 0)
                ? 1 : stability[c - root] / (Double(counts[index]) * globalMaxLambda)
        }
        self.labels = labels
        self.probabilities = probabilities
        self.selected = selected
    }
}
