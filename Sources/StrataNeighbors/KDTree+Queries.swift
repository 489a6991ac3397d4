import StrataCore

extension KDTree {
    // MARK: single queries

    /// Number of indexed rows at distance `<= radius` from `point`, capped at `limit` (counting stops there).
    public func count(within radius: Float, of point: [Float], limit: Int = .max) throws(StrataError) -> Int {
        try check(point: point, radius: radius)
        return point.withUnsafeBufferPointer { RadiusQuery(tree: self, radius: radius).count($0.baseAddress!, limit: limit) }
    }

    /// Indexed rows at distance `<= radius` from `point`, ascending.
    public func neighbors(within radius: Float, of point: [Float]) throws(StrataError) -> [Int] {
        try check(point: point, radius: radius)
        var out = [Int32]()
        point.withUnsafeBufferPointer { RadiusQuery(tree: self, radius: radius).collect($0.baseAddress!, into: &out) }
        return out.map(Int.init).sorted()
    }

    /// The `k` nearest indexed rows of `point`: (row, Euclidean distance), nearest first, ties by row.
    public func nearest(_ k: Int, of point: [Float]) throws(StrataError) -> [(row: Int, distance: Float)] {
        try check(point: point, radius: 0)
        try check(k: k)
        let query = NearestQuery(tree: self, k: k)
        defer { query.deallocate() }
        var rows = [Int32](repeating: 0, count: k), dist = [Float](repeating: 0, count: k)
        point.withUnsafeBufferPointer { p in
            rows.withUnsafeMutableBufferPointer { r in
                dist.withUnsafeMutableBufferPointer { query.search(p.baseAddress!, indices: r.baseAddress!, distances: $0.baseAddress!) }
            }
        }
        return (0..<k).map { (Int(rows[$0]), dist[$0]) }
    }

    // MARK: queries from indexed rows (no copies; the building blocks of DBSCAN / HDBSCAN)

    /// Number of indexed rows within `radius` of indexed row `row`, itself included, capped at `limit`.
    /// `row` must be in `0..<count`.
    public func count(within radius: Float, ofRow row: Int, limit: Int = .max) -> Int {
        RadiusQuery(tree: self, radius: radius).count(pointer(ofRow: row), limit: limit)
    }

    /// Appends the indexed rows within `radius` of indexed row `row` (itself included) to `out`,
    /// in tree order. Reuse `out` across calls to avoid allocations.
    public func appendNeighbors(within radius: Float, ofRow row: Int, to out: inout [Int32]) {
        RadiusQuery(tree: self, radius: radius).collect(pointer(ofRow: row), into: &out)
    }

    // MARK: queries by tree position (cache-friendly: arrays indexed by position are read locally)

    /// The tree position of indexed row `row` (a permutation of `0..<count`).
    public func treePosition(ofRow row: Int) -> Int { Int(storage.position[row]) }

    /// The indexed row at tree position `position`.
    public func row(atTreePosition position: Int) -> Int { Int(storage.order[position]) }

    /// Appends the tree positions of the points within `radius` of the point at tree position
    /// `position` (itself included) to `out`, only positions `>= minimumPosition` (pass
    /// `position + 1` to visit each pair once: subtrees entirely below are not searched).
    /// Neighbouring points have nearby positions, so arrays indexed by position are read with
    /// few cache misses.
    public func appendNeighborPositions(within radius: Float, ofPosition position: Int, from minimumPosition: Int = 0,
                                        to out: inout [Int32]) {
        precondition(position >= 0 && position < count, "position \(position) is outside 0..<\(count)")
        RadiusQuery(tree: self, radius: radius).collectPositions(UnsafePointer(storage.points + position * columns),
                                                                 minimum: minimumPosition, into: &out)
    }

    /// Appends the tree positions within `radius` of the point at tree position `position`
    /// (itself included) to `out` while fewer than `limit` are found: true when the list is
    /// complete (fewer than `limit` neighbours, as ``count(within:ofRow:limit:)`` would count),
    /// false when the search stopped at `limit` (`out` then holds at least `limit` positions,
    /// not all of them).
    package func appendNeighborPositions(within radius: Float, ofPosition position: Int, limit: Int,
                                         to out: inout [Int32]) -> Bool {
        precondition(position >= 0 && position < count, "position \(position) is outside 0..<\(count)")
        let before = out.count
        RadiusQuery(tree: self, radius: radius).collectPositions(UnsafePointer(storage.points + position * columns),
                                                                 limit: before + limit, into: &out)
        return out.count - before < limit
    }

    /// The radius-neighbour count of every point, by tree position, each capped at `limit`.
    public func radiusCountsInTreeOrder(within radius: Float, limit: Int = .max) -> [Int32] {
        var out = [Int32](repeating: 0, count: count)
        let query = RadiusQuery(tree: self, radius: radius)
        let s = storage, d = columns
        let cap = Swift.min(limit, Int(Int32.max))
        out.withUnsafeMutableBufferPointer { ob in
            let o = SendablePointer(ob.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
            Parallel.forEachChunk(count: count, minimumChunk: 2048) { _, range in
                for t in range { o[t] = Int32(query.count(s.points + t * d, limit: cap)) }
            }
        }
        return out
    }

    /// The indexed rows in tree order: rows close in this order are close in space, so parallel
    /// loops that walk rows in this order touch the same leaves.
    public var rowsInTreeOrder: [Int32] { Array(UnsafeBufferPointer(start: storage.order, count: count)) }

    // MARK: batch queries over every core

    /// The radius-neighbour count of every indexed row (itself included), each capped at `limit`
    /// (counting stops there — DBSCAN only needs to know `count >= minSamples`).
    public func radiusCounts(within radius: Float, limit: Int = .max) -> [Int] {
        var out = [Int](repeating: 0, count: count)
        let query = RadiusQuery(tree: self, radius: radius)
        let s = storage, d = columns
        out.withUnsafeMutableBufferPointer { ob in
            let o = SendablePointer(ob.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
            Parallel.forEachChunk(count: count, minimumChunk: 2048) { _, range in
                for t in range { o[Int(s.order[t])] = query.count(s.points + t * d, limit: limit) }
            }
        }
        return out
    }

    /// The `k` nearest indexed rows of every indexed row, itself included (it is at distance 0):
    /// the graph `NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)` gives.
    public func nearestOfRows(k: Int) throws(StrataError) -> NeighborGraph {
        try check(k: k)
        let s = storage, d = columns
        return batchNearest(k: k, rows: count) { t in (Int(s.order[t]), UnsafePointer(s.points + t * d)) }
    }

    /// The `k` nearest indexed rows of every row of `queries`.
    public func nearest(_ k: Int, of queries: Matrix) throws(StrataError) -> NeighborGraph {
        try check(k: k)
        guard queries.columns == columns else {
            throw .dimensionMismatch("queries have \(queries.columns) columns, the tree has \(columns)")
        }
        try queries.validateFinite()
        return queries.storage.withUnsafeBufferPointer { qb in
            nonisolated(unsafe) let q = qb.baseAddress ?? UnsafePointer(bitPattern: 8)!
            let d = columns
            return batchNearest(k: k, rows: queries.rows) { i in (i, q + i * d) }
        }
    }

    private func batchNearest(k: Int, rows: Int, _ item: @Sendable (Int) -> (Int, UnsafePointer<Float>)) -> NeighborGraph {
        var indices = [Int32](repeating: 0, count: rows * k)
        var distances = [Float](repeating: 0, count: rows * k)
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                let ip = SendablePointer(ib.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                let dp = SendablePointer(db.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                Parallel.forEachChunk(count: rows, minimumChunk: 1024) { _, range in
                    let query = NearestQuery(tree: self, k: k)
                    defer { query.deallocate() }
                    for t in range {
                        let (row, p) = item(t)
                        query.search(p, indices: ip.base + row * k, distances: dp.base + row * k)
                    }
                }
            }
        }
        return NeighborGraph(count: rows, k: k, indices: indices, distances: distances)
    }

    // MARK: helpers

    @inline(__always)
    func pointer(ofRow row: Int) -> UnsafePointer<Float> {
        precondition(row >= 0 && row < count, "row \(row) is outside 0..<\(count)")
        return UnsafePointer(storage.points + Int(storage.position[row]) * columns)
    }

    private func check(point: [Float], radius: Float) throws(StrataError) {
        guard point.count == columns else {
            throw .dimensionMismatch("the point has \(point.count) values, the tree has \(columns) columns")
        }
        if let c = point.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(row: 0, column: c) }
        guard radius >= 0, radius.isFinite else { throw .invalidArgument("radius must be finite and >= 0, got \(radius)") }
    }

    private func check(k: Int) throws(StrataError) {
        guard k >= 1, k <= count else { throw .invalidArgument("k must be between 1 and \(count) (the indexed rows), got \(k)") }
    }
}
