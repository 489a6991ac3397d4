import Foundation
import StrataCore

// The per-row stages of `UMAP.Model.transform` between the kNN search and the layout, each row
// independent of the others (batch independence), so they run over chunks of rows on all cores
// with the same arithmetic whatever the chunking.
extension UMAP.Model {
    /// Each row's sigma and rho (smooth kNN), the sigma floor from the row's own mean distance.
    static func transformScales(_ distances: [Float], rows m: Int, k: Int, neighborCount: Int,
                                localConnectivity: Double) -> (sigmas: [Float], rhos: [Float]) {
        var sigmas = [Float](repeating: 0, count: m), rhos = [Float](repeating: 0, count: m)
        let target = log2(Double(neighborCount))
        sigmas.withUnsafeMutableBufferPointer { sb in
            rhos.withUnsafeMutableBufferPointer { rb in
                distances.withUnsafeBufferPointer { db in
                    let sp = SendablePointer(sb.baseAddress!), rp = SendablePointer(rb.baseAddress!)
                    nonisolated(unsafe) let d = db.baseAddress!
                    Parallel.forEachChunk(count: m, minimumChunk: 1024) { _, range in
                        for i in range {
                            var rowMean = 0.0
                            for j in 0..<k { rowMean += Double(d[i &* k &+ j]) }
                            rowMean /= Double(k)
                            let (s, r) = SmoothKNN.smoothRow(d + i &* k, k: k, target: target, localConnectivity: localConnectivity,
                                                             meanDistances: rowMean, iterations: 64)
                            sp[i] = s; rp[i] = r
                        }
                    }
                }
            }
        }
        return (sigmas, rhos)
    }

    /// Starting positions: umap-learn's `init_graph_transform` (the membership-weighted mean of
    /// the neighbours' positions; a weight of exactly 1 copies that neighbour; a row without
    /// edges starts on its nearest neighbour).
    func initialPositions(_ graph: FuzzyGraph, firstNeighbors: [Int32], k: Int) -> [Float] {
        let m = graph.rowCount, dim = configuration.componentCount
        var start = [Float](repeating: 0, count: m * dim)
        start.withUnsafeMutableBufferPointer { ob in
            graph.rowStarts.withUnsafeBufferPointer { sb in
                graph.columns.withUnsafeBufferPointer { cb in
                    graph.weights.withUnsafeBufferPointer { wb in
                        embedding.storage.withUnsafeBufferPointer { eb in
                            firstNeighbors.withUnsafeBufferPointer { nb in
                                let out = SendablePointer(ob.baseAddress!)
                                nonisolated(unsafe) let starts = sb.baseAddress!, columns = cb.baseAddress!, weights = wb.baseAddress!
                                nonisolated(unsafe) let positions = eb.baseAddress!, nearest = nb.baseAddress!
                                Parallel.forEachChunk(count: m, minimumChunk: 2048) { _, range in
                                    for i in range {
                                        let acc = out.base + i &* dim
                                        let edges = starts[i]..<starts[i &+ 1]
                                        if edges.isEmpty {
                                            let c = Int(nearest[i &* k])
                                            for t in 0..<dim { acc[t] = positions[c &* dim &+ t] }
                                            continue
                                        }
                                        var rowSum: Float = 0
                                        for e in edges { rowSum += weights[e] }
                                        for e in edges {
                                            let c = Int(columns[e])
                                            if weights[e] == 1 { for t in 0..<dim { acc[t] = positions[c &* dim &+ t] }; break }
                                            for t in 0..<dim { acc[t] += weights[e] / rowSum * positions[c &* dim &+ t] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return start
    }

    /// Each row's weights divided by the row's own maximum (umap-learn divides by the batch's).
    static func normalizedPerRow(_ graph: FuzzyGraph) -> FuzzyGraph {
        var normalized = graph
        normalized.weights.withUnsafeMutableBufferPointer { wb in
            graph.rowStarts.withUnsafeBufferPointer { sb in
                let weights = SendablePointer(wb.baseAddress!)
                nonisolated(unsafe) let starts = sb.baseAddress!
                Parallel.forEachChunk(count: graph.rowCount, minimumChunk: 4096) { _, range in
                    for i in range {
                        let edges = starts[i]..<starts[i &+ 1]
                        var rowMax: Float = edges.isEmpty ? 1 : weights[edges.lowerBound]
                        for e in edges { rowMax = max(rowMax, weights[e]) }
                        for e in edges { weights[e] = rowMax > 0 ? weights[e] / rowMax : 0 }
                    }
                }
            }
        }
        return normalized
    }

    /// Each row's negative-sampling stream, keyed by its coordinates (not its position in the batch).
    static func rowStreams(_ points: Matrix, seed: UInt64) -> [UInt64] {
        var streams = [UInt64](repeating: 0, count: points.rows)
        let columns = points.columns
        streams.withUnsafeMutableBufferPointer { hb in
            points.storage.withUnsafeBufferPointer { pb in
                let out = SendablePointer(hb.baseAddress!)
                nonisolated(unsafe) let values = pb.baseAddress!
                Parallel.forEachChunk(count: points.rows, minimumChunk: 4096) { _, range in
                    for i in range {
                        var h = SplitMix64.mix(seed ^ 0x7A45)
                        for t in 0..<columns { h = SplitMix64.mix(h ^ UInt64(values[i &* columns &+ t].bitPattern)) }
                        out[i] = h &* 1024
                    }
                }
            }
        }
        return streams
    }
}
