import StrataCore

extension NeighborLists {
    /// One NN-descent iteration: sample new/old candidates (forward and reverse), local join,
    /// deterministic application of the updates. Returns how many list entries changed.
    mutating func descend(_ data: Matrix, maxCandidates m: Int, random: CounterRandom) -> Int {
        let n = count, size = self.size, d = data.columns
        // Reverse lists by counting sort: row i appears in row j's reverse list, in ascending i.
        var revStart = [Int](repeating: 0, count: n + 1)
        for j in indices where j >= 0 { revStart[Int(j) + 1] += 1 }
        for i in 0..<n { revStart[i + 1] += revStart[i] }
        var revSource = [Int32](repeating: 0, count: revStart[n])
        var revNew = [UInt8](repeating: 0, count: revStart[n])
        var fill = revStart
        for i in 0..<n {
            for t in 0..<size {
                let j = Int(indices[i * size + t])
                if j < 0 { continue }
                revSource[fill[j]] = Int32(i); revNew[fill[j]] = isNew[i * size + t]; fill[j] += 1
            }
        }
        var newC = [Int32](repeating: -1, count: n * m), oldC = [Int32](repeating: -1, count: n * m)
        newC.withUnsafeMutableBufferPointer { nb in
            oldC.withUnsafeMutableBufferPointer { ob in
                let np = SendablePointer(nb.baseAddress!), op = SendablePointer(ob.baseAddress!)
                let idx = indices, flags = isNew, rs = revStart, rsrc = revSource, rnew = revNew
                let iterationKey = SplitMix64.mix(random.seed &+ 0x5851_F42D_4C95_7F2D)
                Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                    // The m smallest (priority, index) keys per list, kept sorted by insertion:
                    // the same selection as sorting all candidates and taking the first m distinct
                    // ones (a duplicate has the same pair, hence the same key), without a sort.
                    let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * m)
                    defer { keys.deallocate() }
                    for p in range {
                        let freshOut = np.base + p * m, staleOut = op.base + p * m
                        var freshCount = 0, staleCount = 0
                        @inline(__always) func offer(_ q: Int32, _ isFresh: Bool) {
                            let a = UInt64(min(Int32(p), q)), b = UInt64(max(Int32(p), q))
                            // One SplitMix round per pair (a, b < 2³¹ pack into distinct keys).
                            let priority = SplitMix64.mix(iterationKey ^ (a << 32 | b))
                            if isFresh {
                                NeighborLists.offer(priority, q, keys: keys, out: freshOut, count: &freshCount, capacity: m)
                            } else {
                                NeighborLists.offer(priority, q, keys: keys + m, out: staleOut, count: &staleCount, capacity: m)
                            }
                        }
                        for t in 0..<size { let q = idx[p * size + t]; if q >= 0 { offer(q, flags[p * size + t] != 0) } }
                        for r in rs[p]..<rs[p + 1] { offer(rsrc[r], rnew[r] != 0) }
                    }
                }
            }
        }
        // Sampled new forward entries become old (pynndescent marks them after sampling).
        isNew.withUnsafeMutableBufferPointer { fb in
            let fp = SendablePointer(fb.baseAddress!)
            let idx = indices, nc = newC
            Parallel.forEachChunk(count: n, minimumChunk: 4096) { _, range in
                for p in range {
                    for t in 0..<size where fp[p * size + t] != 0 {
                        let q = idx[p * size + t]
                        for u in 0..<m where nc[p * m + u] == q { fp[p * size + t] = 0; break }
                    }
                }
            }
        }
        var changes = 0
        let block = 16384
        var start = 0
        while start < n {
            let end = min(n, start + block)
            changes += joinBlock(data, rows: start..<end, newC: newC, oldC: oldC, m: m)
            start = end
        }
        _ = d
        return changes
    }

    /// Inserts `(priority, q)` into a sorted list of at most `capacity` keys (ties by index);
    /// an identical key is already there when `q` was offered before.
    @inline(__always)
    static func offer(_ priority: UInt64, _ q: Int32, keys: UnsafeMutablePointer<UInt64>,
                      out: UnsafeMutablePointer<Int32>, count: inout Int, capacity: Int) {
        @inline(__always) func less(_ p1: UInt64, _ q1: Int32, _ p2: UInt64, _ q2: Int32) -> Bool {
            p1 < p2 || (p1 == p2 && q1 < q2)
        }
        if count == capacity && !less(priority, q, keys[count - 1], out[count - 1]) { return }
        var t = count
        while t > 0 && less(priority, q, keys[t - 1], out[t - 1]) { t -= 1 }
        if t > 0 && keys[t - 1] == priority && out[t - 1] == q { return }
        var end = count == capacity ? capacity - 1 : count
        while end > t { keys[end] = keys[end - 1]; out[end] = out[end - 1]; end -= 1 }
        keys[t] = priority; out[t] = q
        if count < capacity { count += 1 }
    }

    struct Update { var a: Int32; var b: Int32; var d: Float }

    mutating func joinBlock(_ data: Matrix, rows: Range<Int>, newC: [Int32], oldC: [Int32], m: Int) -> Int {
        let size = self.size, d = data.columns, n = count
        // Every row's current worst distance, compact: the join tests both ends of every pair
        // against it, and a strided read of the lists was a cache miss per pair.
        var worst = [Float](repeating: 0, count: n)
        worst.withUnsafeMutableBufferPointer { wb in
            let w = SendablePointer(wb.baseAddress!)
            distances.withUnsafeBufferPointer { db in
                nonisolated(unsafe) let dp = db.baseAddress!
                Parallel.forEachChunk(count: n, minimumChunk: 16384) { _, range in
                    for i in range { w[i] = dp[i * size + size - 1] }
                }
            }
        }
        let parts: [[Update]] = data.storage.withUnsafeBufferPointer { xb in
            worst.withUnsafeBufferPointer { wb in
                newC.withUnsafeBufferPointer { ncb in
                    oldC.withUnsafeBufferPointer { ocb in
                        nonisolated(unsafe) let x = xb.baseAddress!, w = wb.baseAddress!
                        nonisolated(unsafe) let nc = ncb.baseAddress!, oc = ocb.baseAddress!
                        return Parallel.mapChunks(count: rows.count, minimumChunk: 256) { local in
                            let rowRange = (rows.lowerBound + local.lowerBound)..<(rows.lowerBound + local.upperBound)
                            // At most m(m−1)/2 + m² updates per row: write into a raw buffer, then
                            // copy once (appending to an Array checked capacity per update).
                            let capacity = rowRange.count * (m * (m - 1) / 2 + m * m)
                            return [Update](unsafeUninitializedCapacity: capacity) { ob, filled in
                                let o = ob.baseAddress!
                                var c = 0
                                for p in rowRange {
                                    let nb = p &* m
                                    for u in 0..<m {
                                        let a = nc[nb &+ u]
                                        if a < 0 { break }
                                        let xa = x + Int(a) &* d
                                        let worstA = w[Int(a)]
                                        var v = u &+ 1
                                        while v < m {
                                            let b = nc[nb &+ v]
                                            if b < 0 { break }
                                            let dd = Distance.squaredEuclidean(xa, x + Int(b) &* d, count: d)
                                            if dd < worstA || dd < w[Int(b)] { o[c] = Update(a: a, b: b, d: dd); c &+= 1 }
                                            v &+= 1
                                        }
                                        for v in 0..<m {
                                            let b = oc[nb &+ v]
                                            if b < 0 { break }
                                            if b == a { continue }
                                            let dd = Distance.squaredEuclidean(xa, x + Int(b) &* d, count: d)
                                            if dd < worstA || dd < w[Int(b)] { o[c] = Update(a: a, b: b, d: dd); c &+= 1 }
                                        }
                                    }
                                }
                                filled = c
                            }
                        }
                    }
                }
            }
        }
        // Apply: each worker owns a fixed range of target rows and scans all updates in chunk
        // order, taking those aimed at its rows. Every row therefore sees its updates in the one
        // fixed order (chunk order, then generation order), whatever the number of workers —
        // without bucketing them first (a serial counting sort and two n-sized scatter arrays).
        let workers = 2 * Parallel.coreCount
        let counts: [Int] = indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                isNew.withUnsafeMutableBufferPointer { fb in
                    let ip = SendablePointer(ib.baseAddress!), dp = SendablePointer(db.baseAddress!),
                        fp = SendablePointer(fb.baseAddress!)
                    return Parallel.mapChunks(count: workers, minimumChunk: 1) { owned in
                        let lo = Int32(owned.lowerBound * n / workers), hi = Int32(owned.upperBound * n / workers)
                        var c = 0
                        for part in parts {
                            part.withUnsafeBufferPointer { ub in
                                for u in ub {
                                    if u.a >= lo && u.a < hi {
                                        let i = Int(u.a)
                                        if NeighborLists.insert(ip.base + i * size, dp.base + i * size, fp.base + i * size,
                                                                size: size, j: u.b, d: u.d) { c += 1 }
                                    }
                                    if u.b >= lo && u.b < hi {
                                        let i = Int(u.b)
                                        if NeighborLists.insert(ip.base + i * size, dp.base + i * size, fp.base + i * size,
                                                                size: size, j: u.a, d: u.d) { c += 1 }
                                    }
                                }
                            }
                        }
                        return c
                    }
                }
            }
        }
        return counts.reduce(0, +)
    }
}
