import StrataCore

extension DBCVSeparation {
    /// The axis-aligned bounding box of each cluster's internal nodes: distances to a box are
    /// lower bounds on distances to the nodes inside it.
    struct ClusterBoxes: Sendable {
        let count: Int
        let dimension: Int
        /// `lower[c · dimension + f]`, `upper[…]`: the box of cluster `c`.
        let lower: [Double]
        let upper: [Double]

        /// Boxes of the node runs `starts[c]..<starts[c + 1]` of `points`.
        init(points: DBCVPoints, starts: [Int]) {
            let k = starts.count - 1, d = points.dimension
            var lower = [Double](repeating: .infinity, count: k * d)
            var upper = [Double](repeating: -.infinity, count: k * d)
            for c in 0..<k {
                for j in starts[c]..<starts[c + 1] {
                    for f in 0..<d {
                        let v = points.coordinate(j, f)
                        lower[c * d + f] = Swift.min(lower[c * d + f], v)
                        upper[c * d + f] = Swift.max(upper[c * d + f], v)
                    }
                }
            }
            self.count = k
            self.dimension = d
            self.lower = lower
            self.upper = upper
        }

        /// Whether a node of cluster `c` may lie closer than `best` to `point`.
        @inline(__always)
        func reaches(_ point: [Double], cluster c: Int, within best: Double) -> Bool {
            var sum = 0.0
            let base = c * dimension
            for f in 0..<dimension {
                let gap = Swift.max(lower[base + f] - point[f], point[f] - upper[base + f], 0)
                sum += gap * gap
            }
            return DBCVSeparation.mayBeBelow(sum.squareRoot(), best)
        }

        /// The distance between the boxes of clusters `a` and `b` (0 when they overlap).
        func distance(_ a: Int, _ b: Int) -> Double {
            var sum = 0.0
            for f in 0..<dimension {
                let gap = Swift.max(lower[b * dimension + f] - upper[a * dimension + f],
                                    lower[a * dimension + f] - upper[b * dimension + f], 0)
                sum += gap * gap
            }
            return sum.squareRoot()
        }

        /// Nearest boxes sorted per cluster; the others follow unsorted.
        static let sortedNearest = 32

        /// For every cluster, the other clusters by box distance: row `c` of `clusters` and
        /// `distances` (stride `count`, `count − 1` entries used) starts with the
        /// ``sortedNearest`` nearest in increasing distance, then the rest, each at least as far,
        /// unsorted — a search visits a few nearest boxes and rarely reads past them. A distance
        /// is rounded down to `Float` so that it and the cluster sort as one `UInt64` key (the bit
        /// patterns of non-negative floats order like their values); rounded down, it stays a
        /// lower bound.
        func nearestFirst() -> (clusters: [Int32], distances: [Float]) {
            let k = count
            var clusters = [Int32](repeating: 0, count: k * k)
            var distances = [Float](repeating: .infinity, count: k * k)
            let prefix = Self.sortedNearest
            // Rows over the cores (hundreds of clusters per attempt in a sweep); each row is
            // written by one chunk.
            clusters.withUnsafeMutableBufferPointer { clusterBuffer in
            distances.withUnsafeMutableBufferPointer { distanceBuffer in
                let clusterOut = SendablePointer(clusterBuffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                let distanceOut = SendablePointer(distanceBuffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                Parallel.forEachChunk(count: k, minimumChunk: 32) { _, range in
                    var keys = [UInt64](repeating: 0, count: Swift.max(0, k - 1))
                    var nearest = [UInt64]()
                    nearest.reserveCapacity(prefix + 1)
                    for a in range {
                        var position = 0
                        for b in 0..<k where b != a {
                            let exact = distance(a, b)
                            var rounded = Float(exact)
                            if Double(rounded) > exact { rounded = rounded.nextDown }
                            keys[position] = UInt64(rounded.bitPattern) << 32 | UInt64(b)
                            position += 1
                        }
                        if keys.count > 2 * prefix {
                            // The `prefix` smallest keys (all distinct: the cluster is in them),
                            // sorted, then the others in their order.
                            nearest.removeAll(keepingCapacity: true)
                            for key in keys where nearest.count < prefix || key < nearest[prefix - 1] {
                                var at = nearest.count
                                while at > 0, key < nearest[at - 1] { at -= 1 }
                                nearest.insert(key, at: at)
                                if nearest.count > prefix { nearest.removeLast() }
                            }
                            let last = nearest[prefix - 1]
                            var rest = prefix
                            for key in keys where key > last { keys[rest] = key; rest += 1 }
                            for i in 0..<prefix { keys[i] = nearest[i] }
                        } else {
                            keys.sort()
                        }
                        for (position, key) in keys.enumerated() {
                            distanceOut[a * k + position] = Float(bitPattern: UInt32(key >> 32))
                            clusterOut[a * k + position] = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
                        }
                    }
                }
            }
            }
            return (clusters, distances)
        }
    }

    /// Whether a lower bound computed one way may still fall below a distance computed another
    /// way: the margin covers the two sums' different rounding, so pruning never changes the
    /// exact minimum.
    @inline(__always)
    static func mayBeBelow(_ lowerBound: Double, _ best: Double) -> Bool {
        lowerBound * (1 - 1e-9) < best
    }
}
