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
                Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                    var fresh = [(UInt64, Int32)](), stale = [(UInt64, Int32)]()
                    for p in range {
                        fresh.removeAll(keepingCapacity: true); stale.removeAll(keepingCapacity: true)
                        func add(_ q: Int32, _ isFresh: Bool) {
                            let a = UInt64(min(Int32(p), q)), b = UInt64(max(Int32(p), q))
                            let priority = random.bits(stream: a, counter: b)
                            if isFresh { fresh.append((priority, q)) } else { stale.append((priority, q)) }
                        }
                        for t in 0..<size { let q = idx[p * size + t]; if q >= 0 { add(q, flags[p * size + t] != 0) } }
                        for r in rs[p]..<rs[p + 1] { add(rsrc[r], rnew[r] != 0) }
                        for (list, out) in [(fresh, np.base + p * m), (stale, op.base + p * m)] {
                            let sorted = list.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                            var c = 0
                            for (_, q) in sorted where c < m {
                                var seen = false
                                for u in 0..<c where out[u] == q { seen = true; break }
                                if !seen { out[c] = q; c += 1 }
                            }
                        }
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

    struct Update { var a: Int32; var b: Int32; var d: Float }

    mutating func joinBlock(_ data: Matrix, rows: Range<Int>, newC: [Int32], oldC: [Int32], m: Int) -> Int {
        let size = self.size, d = data.columns, n = count
        let dist = distances
        let parts: [[Update]] = data.storage.withUnsafeBufferPointer { xb in
            nonisolated(unsafe) let x = xb.baseAddress!
            return Parallel.mapChunks(count: rows.count, minimumChunk: 256) { local in
                var out = [Update]()
                for p in (rows.lowerBound + local.lowerBound)..<(rows.lowerBound + local.upperBound) {
                    let nb = p * m
                    for u in 0..<m {
                        let a = newC[nb + u]
                        if a < 0 { break }
                        let xa = x + Int(a) * d
                        let worstA = dist[Int(a) * size + size - 1]
                        for v in (u + 1)..<max(m, u + 1) {
                            let b = newC[nb + v]
                            if b < 0 { break }
                            let dd = Distance.squaredEuclidean(xa, x + Int(b) * d, count: d)
                            if dd < worstA || dd < dist[Int(b) * size + size - 1] { out.append(Update(a: a, b: b, d: dd)) }
                        }
                        for v in 0..<m {
                            let b = oldC[nb + v]
                            if b < 0 { break }
                            if b == a { continue }
                            let dd = Distance.squaredEuclidean(xa, x + Int(b) * d, count: d)
                            if dd < worstA || dd < dist[Int(b) * size + size - 1] { out.append(Update(a: a, b: b, d: dd)) }
                        }
                    }
                }
                return out
            }
        }
        // Bucket updates by target row (both ends), in chunk order → a fixed application order.
        var starts = [Int](repeating: 0, count: n + 1)
        for part in parts { for u in part { starts[Int(u.a) + 1] += 1; starts[Int(u.b) + 1] += 1 } }
        for i in 0..<n { starts[i + 1] += starts[i] }
        var other = [Int32](repeating: 0, count: starts[n]), value = [Float](repeating: 0, count: starts[n])
        var fill = starts
        for part in parts {
            for u in part {
                let ia = Int(u.a), ib = Int(u.b)
                other[fill[ia]] = u.b; value[fill[ia]] = u.d; fill[ia] += 1
                other[fill[ib]] = u.a; value[fill[ib]] = u.d; fill[ib] += 1
            }
        }
        let counts: [Int] = indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                isNew.withUnsafeMutableBufferPointer { fb in
                    let ip = SendablePointer(ib.baseAddress!), dp = SendablePointer(db.baseAddress!),
                        fp = SendablePointer(fb.baseAddress!)
                    let st = starts, ot = other, vl = value
                    return Parallel.mapChunks(count: n, minimumChunk: 4096) { range in
                        var c = 0
                        for i in range where st[i] < st[i + 1] {
                            for r in st[i]..<st[i + 1] where NeighborLists.insert(
                                ip.base + i * size, dp.base + i * size, fp.base + i * size, size: size, j: ot[r], d: vl[r]) {
                                c += 1
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
