extension HDBSCAN {
    /// The single-linkage dendrogram of the mutual reachability graph, in SciPy's linkage format
    /// (the hdbscan package's `single_linkage_tree_`): merge `i` joins clusters `left` and `right`
    /// at `distance` into a new cluster numbered `n + i` holding `size` rows; ids below `n` are rows.
    ///
    /// ```swift
    /// let model = try HDBSCAN(minimumClusterSize: 5).fit(data)
    /// model.singleLinkageTree.merges.last?.distance   // height of the final merge
    /// ```
    /// Built from the minimum spanning tree sorted by weight with a union-find: O(n log n).
    public struct SingleLinkageTree: Codable, Hashable, Sendable {
        /// One merge of the dendrogram.
        public struct Merge: Codable, Hashable, Sendable {
            public var left: Int
            public var right: Int
            public var distance: Double
            public var size: Int
        }
        /// `n - 1` merges, by increasing distance.
        public var merges: [Merge]
        /// Number of rows clustered.
        public var pointCount: Int { merges.count + 1 }

        /// The dendrogram of a spanning tree: edges are sorted by weight (ties keep their order),
        /// then merged with a union-find whose new nodes are numbered `n, n+1, …`, as the package's
        /// `label()`.
        init(edges: [SpanningEdge], pointCount n: Int) {
            let sorted = edges.enumerated().sorted {
                $0.element.distance != $1.element.distance ? $0.element.distance < $1.element.distance : $0.offset < $1.offset
            }
            var parent = [Int](repeating: -1, count: Swift.max(0, 2 * n - 1))
            var size = [Int](repeating: 1, count: n) + [Int](repeating: 0, count: Swift.max(0, n - 1))
            func find(_ x: Int) -> Int {
                var r = x
                while parent[r] != -1 { r = parent[r] }
                var y = x
                while y != r { let next = parent[y]; parent[y] = r; y = next }
                return r
            }
            var merges = [Merge]()
            merges.reserveCapacity(sorted.count)
            var next = n
            for (_, e) in sorted {
                let a = find(Int(e.a)), b = find(Int(e.b))
                merges.append(Merge(left: a, right: b, distance: e.distance, size: size[a] + size[b]))
                parent[a] = next; parent[b] = next
                size[next] = size[a] + size[b]
                next += 1
            }
            self.merges = merges
        }
    }
}
