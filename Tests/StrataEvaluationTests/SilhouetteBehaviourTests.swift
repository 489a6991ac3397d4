import Testing
import StrataCore
import StrataEvaluation
import _StrataTestSupport

/// Sampling, determinism and error behaviour of the silhouette and its companions.
@Suite struct SilhouetteBehaviourTests {
    let fixture = MetricsFixture.shared

    @Test func sampledScoreEqualsExactScoreOnTheSameSubset() throws {
        let c = fixture.cases.first { $0.dataset == "blobs_noise" && $0.labels_name == "random_noise" }!
        let data = fixture.matrix(c.dataset)
        let sampled = try Silhouette(sampleSize: 200, seed: 9, keepsSampleValues: true).evaluate(data, labels: c.labels)
        #expect(sampled.isSampled && sampled.evaluatedCount == 200)
        let indices = try #require(sampled.sampleIndices)
        #expect(indices.allSatisfy { c.labels[$0] != -1 })
        let subset = data.selectingRows(indices)
        let exact = try silhouetteScore(subset, labels: indices.map { c.labels[$0] })
        #expect(isClose(sampled.score, exact.score, relative: 1e-12))
        // Same seed, same sample; another seed, another sample.
        let again = try Silhouette(sampleSize: 200, seed: 9).evaluate(data, labels: c.labels)
        #expect(again.score == sampled.score)
        let other = try Silhouette(sampleSize: 200, seed: 10).evaluate(data, labels: c.labels)
        #expect(other.score != sampled.score)
        // A sample is an estimate of the exact score.
        #expect(abs(sampled.score - c.excluded!.silhouette) < 0.05)
    }

    @Test func sampleSizeAboveCountIsExact() throws {
        let c = fixture.cases.first { $0.dataset == "moons" && $0.labels_name == "truth" }!
        let r = try silhouetteScore(fixture.matrix(c.dataset), labels: c.labels, sampleSize: 10_000, seed: 1)
        #expect(!r.isSampled)
        #expect(isClose(r.score, c.excluded!.silhouette, relative: 1e-5))
    }

    @Test func clearErrors() throws {
        let data = try Matrix([[0, 0], [1, 1], [5, 5], [6, 6]])
        #expect(throws: StrataError.self) { try silhouetteScore(data, labels: [0, 0, 1]) }
        #expect(throws: StrataError.self) { try silhouetteScore(data, labels: [0, 0, 0, 0]) }
        #expect(throws: StrataError.self) { try silhouetteScore(data, labels: [0, 1, 2, 3]) }
        #expect(throws: StrataError.self) { try silhouetteScore(data, labels: [0, 0, -1, -1]) }
        #expect(throws: StrataError.self) { try silhouetteScore(data, labels: [0, 0, 1, -2]) }
        #expect(throws: StrataError.self) { try silhouetteScore(data, labels: [0, 0, 1, 1], sampleSize: 1) }
        #expect(throws: StrataError.self) { try daviesBouldinScore(data, labels: [0, 0, 0, 0]) }
        #expect(throws: StrataError.self) { try calinskiHarabaszScore(data, labels: [0, 1]) }
        #expect(throws: StrataError.self) { try adjustedRandIndex([0, 1], [0]) }
        var bad = data
        bad[2, 1] = .nan
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try silhouetteScore(bad, labels: [0, 0, 1, 1]) }
        do {
            _ = try silhouetteScore(data, labels: [0, 0, 0, -1])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("at least 2 clusters"))
        }
    }

    @Test func largerDataIsDeterministicAndMatchesAScalarReference() throws {
        // 3,001 points: several row chunks on both cores, ragged blocks and padding lanes.
        var generator = SeededGenerator(seed: 4)
        let n = 3001, d = 7
        var values = [Float]()
        var labels = [Int]()
        for i in 0..<n {
            let c = i % 5 == 4 ? -1 : i % 4
            labels.append(c)
            for f in 0..<d { values.append(Float(generator.nextGaussian()) + Float(c * (f % 3))) }
        }
        let data = try Matrix(rows: n, columns: d, values: values)
        let a = try silhouetteSamples(data, labels: labels)
        let b = try silhouetteSamples(data, labels: labels)
        #expect(a == b)
        // Scalar Double reference for a handful of points.
        let rows = a.sampleIndices!
        for probe in [0, 1, 777, rows.count - 1] {
            let i = rows[probe]
            var sums = [Double](repeating: 0, count: 4), counts = [Double](repeating: 0, count: 4)
            for j in rows {
                var sq = 0.0
                for f in 0..<d { let e = Double(data[i, f]) - Double(data[j, f]); sq += e * e }
                sums[labels[j]] += sq.squareRoot(); counts[labels[j]] += 1
            }
            let own = labels[i]
            let aa = sums[own] / (counts[own] - 1)
            let bb = (0..<4).filter { $0 != own }.map { sums[$0] / counts[$0] }.min()!
            #expect(abs(a.sampleValues![probe] - (bb - aa) / max(aa, bb)) < 1e-5)
        }
        #expect(isClose(a.excludedNoiseFraction, 600.0 / 3001.0, relative: 1e-12))
    }

    /// Hundreds of small clusters in 3-D (as DBSCAN finds on a UMAP embedding), with noise and
    /// singletons: every point's value equals a scalar Double computation of the definition.
    @Test func manySmallClustersInFewDimensionsMatchAScalarReference() throws {
        var generator = SeededGenerator(seed: 9)
        let n = 2_500, d = 3, k = 180
        var values = [Float]()
        var labels = [Int]()
        for i in 0..<n {
            let c = i % 31 == 0 ? -1 : (i % 97 == 1 ? k + i : generator.nextInt(below: k))
            labels.append(c)
            for f in 0..<d { values.append(Float(generator.nextGaussian()) * 0.3 + Float((c * (f + 3)) % 17)) }
        }
        let data = try Matrix(rows: n, columns: d, values: values)
        let result = try silhouetteSamples(data, labels: labels)
        let rows = result.sampleIndices!
        var members = [Int: [Int]]()
        for j in rows { members[labels[j], default: []].append(j) }
        for (probe, i) in rows.enumerated() {
            func meanDistance(_ group: [Int]) -> Double {
                var sum = 0.0
                for j in group {
                    var sq = 0.0
                    for f in 0..<d { let e = Double(data[i, f]) - Double(data[j, f]); sq += e * e }
                    sum += sq.squareRoot()
                }
                return sum
            }
            let own = members[labels[i]]!
            let expected: Double
            if own.count <= 1 {
                expected = 0
            } else {
                let a = meanDistance(own) / Double(own.count - 1)
                let b = members.filter { $0.key != labels[i] }.map { meanDistance($0.value) / Double($0.value.count) }.min()!
                expected = (b - a) / max(a, b)
            }
            #expect(abs(result.sampleValues![probe] - expected) < 1e-5, "point \(i)")
        }
    }
}
