import StrataCore

extension UMAPLayout {
    /// Gives each of the chunk's attractions its event slot: events sorted by the tail's vertex
    /// block (counting sort), in attraction order within a block. Called once the operations are
    /// built; the sweep then writes each attraction's tail move into its slot.
    static func assignEventSlots(_ s: Sweep, scratch: Scratch, attractionCount: Int) {
        let blocks = s.blockCount
        scratch.blockStart.reserve(blocks + 1)
        scratch.lengthCounts.reserve(blocks + 1)
        scratch.eventSlot.reserve(attractionCount + 1)
        scratch.events.reserve((attractionCount + 1) * (s.dimension + 1))
        let ops = scratch.operations.base, attractions = scratch.attractions.base
        let start = scratch.blockStart.base, cursor = scratch.lengthCounts.base, slot = scratch.eventSlot.base
        for b in 0...blocks { start[b] = 0 }
        for a in 0..<attractionCount {
            start[Int(ops[Int(attractions[a])] >> 2) >> s.blockShift + 1] += 1
        }
        for b in 0..<blocks { start[b + 1] += start[b] }
        for b in 0..<blocks { cursor[b] = start[b] }
        for a in 0..<attractionCount {
            let b = Int(ops[Int(attractions[a])] >> 2) >> s.blockShift
            slot[a] = Int32(truncatingIfNeeded: cursor[b])
            cursor[b] += 1
        }
    }

    /// Adds the epoch's tail moves to `embedding`: tail blocks in parallel, each taking the
    /// chunks' events for it in chunk order, so a vertex's moves are summed in the same order on
    /// any number of threads. A block's points (≤ 1/64 of the layout) stay in cache meanwhile.
    static func applyTailMoves(_ embedding: inout [Float], dimension dim: Int, scratches: [Scratch],
                               blocks: (shift: Int, count: Int)) {
        embedding.withUnsafeMutableBufferPointer { eb in
            let points = SendablePointer(eb.baseAddress!)
            Parallel.forEachChunk(count: blocks.count, minimumChunk: 1) { _, range in
                for b in range {
                    for scratch in scratches {
                        let start = scratch.blockStart.base, events = scratch.events.base
                        for e in start[b]..<start[b + 1] {
                            let event = events + e * (dim + 1)
                            let point = points.base + Int(event[0].bitPattern) * dim
                            for t in 0..<dim { point[t] += event[1 + t] }
                        }
                    }
                }
            }
        }
    }
}
