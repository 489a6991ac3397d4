extension HDBSCAN {
    /// The condensed cluster tree (the hdbscan package's `condensed_tree_._raw_tree`): the
    /// single-linkage tree with every split that sheds fewer than `minimumClusterSize` rows seen as
    /// rows "falling out" of their cluster rather than as a new cluster.
    ///
    /// Each row says `child` left `parent` at density `lambda = 1/distance` with `childSize` rows.
    /// Ids below `pointCount` are data rows; `pointCount` is the root cluster and clusters are
    /// numbered in breadth-first order, so a parent's id is always smaller than its children's.
    ///
    /// ```swift
    /// let tree = model.condensedTree
    /// print(tree.csv())                         // parent,child,lambda_val,child_size
    /// let clusters = tree.rows.filter { $0.childSize > 1 }
    /// ```
    /// Complexity: O(n) from the single-linkage tree. Reference: Campello, Moulavi & Sander (2013);
    /// McInnes, Healy & Astels, "hdbscan: Hierarchical density based clustering", JOSS (2017).
    public struct CondensedTree: Codable, Hashable, Sendable {
        /// One edge of the condensed tree.
        public struct Row: Codable, Hashable, Sendable {
            public var parent: Int
            public var child: Int
            /// 1 / mutual reachability distance at which `child` leaves `parent` (∞ at distance 0).
            public var lambda: Double
            public var childSize: Int
        }
        public var rows: [Row]
        /// Number of data rows; also the id of the root cluster.
        public var pointCount: Int

        /// The table as CSV with the package's column names.
        public func csv() -> String {
            var out = "parent,child,lambda_val,child_size\n"
            for r in rows { out += "\(r.parent),\(r.child),\(r.lambda),\(r.childSize)\n" }
            return out
        }

        /// Condenses `tree` as the package's `condense_tree` does, row for row.
        init(_ tree: SingleLinkageTree, minimumClusterSize: Int) {
            let merges = tree.merges
            let n = tree.pointCount
            pointCount = n
            rows = []
            guard n > 1 else { return }
            let root = 2 * (n - 1)
            var relabel = [Int](repeating: 0, count: root + 1)
            relabel[root] = n
            var nextLabel = n + 1
            var ignore = [Bool](repeating: false, count: root + 1)
            rows.reserveCapacity(2 * n)
            @inline(__always) func count(_ node: Int) -> Int { node >= n ? merges[node - n].size : 1 }
            // Appends every data row under `top` (breadth-first, as the package) and marks the
            // subtree as handled.
            var queue = [Int]()
            func fallOut(_ top: Int, parent: Int, lambda: Double) {
                queue.removeAll(keepingCapacity: true)
                queue.append(top)
                var head = 0
                while head < queue.count {
                    let node = queue[head]; head += 1
                    ignore[node] = true
                    if node < n {
                        rows.append(Row(parent: parent, child: node, lambda: lambda, childSize: 1))
                    } else {
                        queue.append(merges[node - n].left); queue.append(merges[node - n].right)
                    }
                }
            }
            // Breadth-first over the whole hierarchy.
            var order = [root]
            order.reserveCapacity(root + 1)
            var head = 0
            while head < order.count {
                let node = order[head]; head += 1
                if node >= n { order.append(merges[node - n].left); order.append(merges[node - n].right) }
            }
            for node in order where node >= n && !ignore[node] {
                let m = merges[node - n]
                let lambda = m.distance > 0 ? 1 / m.distance : Double.infinity
                let leftCount = count(m.left), rightCount = count(m.right)
                let parent = relabel[node]
                if leftCount >= minimumClusterSize && rightCount >= minimumClusterSize {
                    relabel[m.left] = nextLabel; nextLabel += 1
                    rows.append(Row(parent: parent, child: relabel[m.left], lambda: lambda, childSize: leftCount))
                    relabel[m.right] = nextLabel; nextLabel += 1
                    rows.append(Row(parent: parent, child: relabel[m.right], lambda: lambda, childSize: rightCount))
                } else if leftCount < minimumClusterSize && rightCount < minimumClusterSize {
                    fallOut(m.left, parent: parent, lambda: lambda)
                    fallOut(m.right, parent: parent, lambda: lambda)
                } else if leftCount < minimumClusterSize {
                    relabel[m.right] = parent
                    fallOut(m.left, parent: parent, lambda: lambda)
                } else {
                    relabel[m.left] = parent
                    fallOut(m.right, parent: parent, lambda: lambda)
                }
            }
        }

        /// Largest cluster id (the root when nothing splits).
        var maximumCluster: Int { rows.reduce(pointCount) { Swift.max($0, $1.parent) } }
    }
}
