import CStrataKernels
import StrataCore
import StrataEvaluation
import StrataPipelines
import Testing

/// The fixed-sample silhouette behind every run's segmentation score: its distance matrix is
/// stored square, in blocks of 16 rows, in half precision; each block's vectors for the later
/// rows come from those blocks' tiles, transposed.
@Suite struct FixedSampleSilhouetteTests {
    /// Floats to convert: every binade a half holds and the ones around it, ties, the edges of
    /// the subnormal and overflow ranges.
    static func conversionInputs() -> [Float] {
        var values: [Float] = [0, -0, 1, 65_504, 65_519.99, 65_520, 65_536, 1e9, .infinity, -.infinity,
                               0x1p-14, 0x1p-15, 0x1p-24, 0x1p-25, 0x1.8p-25, 0x1p-26, 6.0e-8, Float.leastNormalMagnitude / 1_000,
                               1 + 0x1p-11, 1 + 0x1p-11 + 0x1p-23, 1 + 0x3p-11, 2049, 2051, 4097]
        var generator = SeededGenerator(seed: 11)
        for exponent in -30...17 {
            for _ in 0..<400 {
                let significand = Float(generator.next() >> 40) / Float(1 << 24) + 1
                let value = Float(sign: generator.next() & 1 == 0 ? .plus : .minus, exponent: exponent, significand: significand)
                values.append(value)
                // The midpoint above the half below `value`: a tie (or, below 2⁻¹⁴, on the subnormal grid).
                let half = Float(Float16(value))
                values.append(half + (half.nextUp - half) / 2)
            }
        }
        return values
    }

    /// Every level converts Float to half exactly as Swift's `Float16(_:)` rounds (to nearest,
    /// ties to even), and back exactly.
    @Test func halfConversionsRoundToNearestEvenAtEveryLevel() {
        let floats = Self.conversionInputs()
        for level in 0...Int(strata_kernels_level()) {
            var halves = [UInt16](repeating: 0, count: floats.count)
            strata_halves_from_floats(Int32(level), floats, &halves, floats.count)
            let wrong = zip(floats, halves).filter { Float16($0.0).bitPattern != $0.1 }
            #expect(wrong.isEmpty, "level \(level): \(wrong.prefix(5).map { "\($0.0) → \(String($0.1, radix: 16))" })")
            let every = (0...UInt16.max).map { $0 }
            var back = [Float](repeating: 0, count: every.count)
            strata_floats_from_halves(Int32(level), every, &back, every.count)
            let unequal = zip(every, back).filter { pair in
                let expected = Float(Float16(bitPattern: pair.0))
                return expected.isNaN ? !pair.1.isNaN : expected.bitPattern != pair.1.bitPattern
            }
            #expect(unequal.isEmpty, "level \(level): \(unequal.count) halves widen wrongly, e.g. \(unequal.prefix(3))")
        }
    }

    /// Every level fills a block's later vectors from the later blocks' tiles exactly, for full
    /// and partial last blocks.
    @Test func everyLevelMirrorsTheLaterTilesOfABlock() {
        for s in [1, 5, 16, 17, 40, 83] {
            // A symmetric matrix with distinct entries (each a half), in the square layout with
            // only each block's vectors up to its own rows filled; 0 past row s.
            func entry(_ i: Int, _ j: Int) -> UInt16 { UInt16(min(i, j) * 90 + max(i, j) + 1) }
            let blocks = (s + 15) / 16, vectors = 16 * blocks
            for level in 0...Int(strata_kernels_level()) {
                var table = [UInt16](repeating: 0xFFFF, count: vectors * vectors)
                for b in 0..<blocks {
                    for j in 0..<(16 * (b + 1)) {
                        for r in 0..<16 { table[(b * vectors + j) * 16 + r] = j < s && 16 * b + r < s ? entry(j, 16 * b + r) : 0 }
                    }
                }
                table.withUnsafeMutableBufferPointer { t in
                    for b in 0..<blocks { strata_half_mirror_block(Int32(level), t.baseAddress!, s, b) }
                }
                var wrong = 0
                for b in 0..<blocks {
                    for j in 0..<vectors {
                        for r in 0..<16 {
                            let expected: UInt16 = j < s && 16 * b + r < s ? entry(j, 16 * b + r) : 0
                            if table[(b * vectors + j) * 16 + r] != expected { wrong += 1 }
                        }
                    }
                }
                #expect(wrong == 0, "s \(s), level \(level): \(wrong) wrong values")
            }
        }
    }

    /// Every level sums a block's vectors per cluster to the same bits, which match a Double
    /// sum of the same halves; and the means step picks each row's own total and the nearest
    /// other cluster's mean.
    @Test func clusterSumsAndMeansAgreeAtEveryLevel() {
        var generator = SeededGenerator(seed: 3)
        let rows = 1_300, k = 7
        let floats = (0..<(16 * rows)).map { _ in Float(generator.next() >> 40) / Float(1 << 20) }
        var halves = [UInt16](repeating: 0, count: floats.count)
        strata_halves_from_floats(0, floats, &halves, floats.count)
        let codes = (0..<rows).map { _ in Int32(Int(generator.next() % UInt64(k + 1)) - 1) }
        var reference = [Double](repeating: 0, count: 16 * k)
        for j in 0..<rows where codes[j] >= 0 {
            for r in 0..<16 { reference[Int(codes[j]) * 16 + r] += Double(Float(Float16(bitPattern: halves[j * 16 + r]))) }
        }
        var sizes = [Double](repeating: 0, count: k)
        for c in codes where c >= 0 { sizes[Int(c)] += 1 }
        let own: [Int32] = (0..<16).map { Int32($0 % (k + 1)) - 1 }
        var results = [[Double]]()
        for level in 0...Int(strata_kernels_level()) {
            var sums = [Double](repeating: 0, count: 16 * k), partials = [Float](repeating: 0, count: 16 * k)
            var terms = [Int32](repeating: 0, count: k)
            strata_half_cluster_sums(Int32(level), halves, rows, codes, &sums, &partials, &terms)
            let totals = (0..<(16 * k)).map { sums[$0] + Double(partials[$0]) }
            #expect(zip(totals, reference).allSatisfy { abs($0 - $1) <= 1e-5 * $1 }, "level \(level)")
            var ownSum = [Double](repeating: 0, count: 16), nearest = ownSum
            strata_block_cluster_means(Int32(level), sums, partials, k, sizes, own, &ownSum, &nearest)
            for r in 0..<16 where own[r] >= 0 {
                let c = Int(own[r])
                #expect(ownSum[r] == totals[c * 16 + r])
                let others = (0..<k).filter { $0 != c }.map { totals[$0 * 16 + r] / sizes[$0] }
                #expect(nearest[r] == others.min())
            }
            results.append(totals + ownSum + nearest)
        }
        #expect(results.allSatisfy { $0.elementsEqual(results[0], by: { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }) })
    }

    /// Scored on every row (sample size ≥ rows), the segmentation score is the silhouette with
    /// noise counted as 0: the exact silhouette of the half-precision distances, and within the
    /// documented 2⁻¹⁰ of the exact silhouette — for sample sizes that leave the last block
    /// partial or full, and data whose distances are far outside half precision's range.
    @Test func scoringEveryRowMatchesTheExactSilhouette() throws {
        var generator = SeededGenerator(seed: 5)
        for n in [5, 16, 33, 95, 160, 301] {
            for magnitude: Float in [1, 1e-9, 1e7] {
                let d = 4
                var values = [Float]()
                var labels = [Int]()
                for i in 0..<n {
                    let label = i % 7 == 6 ? -1 : i % 3
                    labels.append(label)
                    for f in 0..<d { values.append(magnitude * (Float(label == 1 && f == 0 ? 3 : 0) + Float.random(in: 0..<1, using: &generator) + Float(f))) }
                }
                let data = try Matrix(rows: n, columns: d, values: values)
                let sizes = try ClusterSizeSummary(labels: labels)
                let score = try #require(PipelineScoring.segmentationScore(shared: data, labels: labels, sizes: sizes, sampleSize: n))
                let exact = try silhouetteScore(data, labels: labels).score * (1 - sizes.noiseFraction)
                #expect(abs(score - exact) <= 0x1p-10, "n \(n), magnitude \(magnitude): \(score) vs exact \(exact)")
                let rounded = Self.silhouetteOfHalfDistances(data, labels: labels) * (1 - sizes.noiseFraction)
                #expect(abs(score - rounded) < 1e-6, "n \(n), magnitude \(magnitude): \(score) vs half-distance silhouette \(rounded)")
            }
        }
    }

    /// The silhouette (noise excluded) from every distance as the table stores it: the Float
    /// distance times the table's power of two (the largest 2^e with the bounding box's diagonal,
    /// plus 0.1 %, times 2^e at most 2¹⁵), rounded to a half.
    static func silhouetteOfHalfDistances(_ data: Matrix, labels: [Int]) -> Double {
        let n = data.rows, d = data.columns
        var squared = 0.0
        for f in 0..<d {
            let column = (0..<n).map { Double(data.storage[$0 * d + f]) }
            squared += (column.max()! - column.min()!) * (column.max()! - column.min()!)
        }
        var scale: Float = 1
        while Double(scale) * 2 * squared.squareRoot() * 1.001 <= 32_768 { scale *= 2 }
        while Double(scale) * squared.squareRoot() * 1.001 > 32_768 { scale /= 2 }
        func distance(_ i: Int, _ j: Int) -> Double {
            var sum: Float = 0
            for f in 0..<d { let t = data.storage[i * d + f] - data.storage[j * d + f]; sum += t * t }
            return Double(Float(Float16(sum.squareRoot() * scale)))
        }
        let clusters = Set(labels.filter { $0 >= 0 })
        var total = 0.0, count = 0
        for i in 0..<n where labels[i] >= 0 {
            var sums: [Int: Double] = [:], members: [Int: Int] = [:]
            for j in 0..<n where labels[j] >= 0 && j != i {
                sums[labels[j], default: 0] += distance(i, j); members[labels[j], default: 0] += 1
            }
            count += 1
            guard let own = members[labels[i]], own > 0 else { continue }
            let a = sums[labels[i]]! / Double(own)
            let b = clusters.filter { $0 != labels[i] }.map { sums[$0]! / Double(members[$0]!) }.min()!
            total += (b - a) / max(a, b)
        }
        return total / Double(count)
    }
}
