import Testing
import StrataCore
import StrataEvaluation
import _StrataTestSupport

/// Every metric against scikit-learn 1.7.2 on the fixture datasets, within 1e-5 relative.
@Suite struct MetricsFixtureTests {
    let fixture = MetricsFixture.shared

    @Test func silhouetteMatchesSklearnWithNoiseExcluded() throws {
        for c in fixture.cases {
            let data = fixture.matrix(c.dataset)
            guard let expected = c.excluded else {
                #expect(throws: StrataError.self) { try silhouetteScore(data, labels: c.labels) }
                continue
            }
            let result = try silhouetteSamples(data, labels: c.labels)
            #expect(isClose(result.score, expected.silhouette, relative: 1e-5, absolute: 1e-7), "\(c.dataset)/\(c.labels_name): \(result.score) vs \(expected.silhouette)")
            #expect(isClose(result.excludedNoiseFraction, c.noise_fraction, relative: 1e-12))
            let values = try #require(result.sampleValues)
            let indices = try #require(result.sampleIndices)
            #expect(indices == c.labels.indices.filter { c.labels[$0] != -1 })
            #expect(values.count == expected.silhouette_samples.count)
            let worst = zip(values, expected.silhouette_samples).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5, "\(c.dataset)/\(c.labels_name): per-sample difference \(worst)")
            #expect(result.evaluatedCount == values.count)
        }
    }

    /// Labels are encoded through an array when they are small cluster numbers and through a
    /// dictionary otherwise (e.g. ids like 9,000,000,000): both give scikit-learn's values.
    @Test func largeLabelValuesScoreAsTheirClusterNumbers() throws {
        for c in fixture.cases {
            guard let expected = c.excluded else { continue }
            let data = fixture.matrix(c.dataset)
            let spread = c.labels.map { $0 < 0 ? $0 : 9_000_000_000 + $0 * 1_000_003 }
            let silhouette = try silhouetteScore(data, labels: spread).score
            #expect(isClose(silhouette, expected.silhouette, relative: 1e-5, absolute: 1e-7), "\(c.dataset)/\(c.labels_name)")
            let daviesBouldin = try daviesBouldinScore(data, labels: spread).value
            #expect(daviesBouldin == (try daviesBouldinScore(data, labels: c.labels).value), "\(c.dataset)/\(c.labels_name)")
        }
    }

    @Test func silhouetteMatchesSklearnWithNoiseAsCluster() throws {
        for c in fixture.cases {
            guard let expected = c.as_cluster else { continue }
            let result = try silhouetteScore(fixture.matrix(c.dataset), labels: c.labels, noise: .asCluster)
            #expect(isClose(result.score, expected.silhouette, relative: 1e-5, absolute: 1e-7), "\(c.dataset)/\(c.labels_name)")
            #expect(result.excludedNoiseFraction == 0)
        }
    }

    @Test func daviesBouldinAndCalinskiHarabaszMatchSklearn() throws {
        for c in fixture.cases {
            let data = fixture.matrix(c.dataset)
            for (noise, expectedScores) in [(NoiseHandling.exclude, c.excluded), (.asCluster, c.as_cluster)] {
                guard let expected = expectedScores else { continue }
                let db = try daviesBouldinScore(data, labels: c.labels, noise: noise)
                let ch = try calinskiHarabaszScore(data, labels: c.labels, noise: noise)
                #expect(isClose(db.value, expected.davies_bouldin, relative: 1e-5), "DB \(c.dataset)/\(c.labels_name)/\(noise): \(db.value) vs \(expected.davies_bouldin)")
                #expect(isClose(ch.value, expected.calinski_harabasz, relative: 1e-5), "CH \(c.dataset)/\(c.labels_name)/\(noise): \(ch.value) vs \(expected.calinski_harabasz)")
                if noise == .exclude {
                    #expect(isClose(db.excludedNoiseFraction, c.noise_fraction, relative: 1e-12))
                }
                // A sweep scores both from one dispersion pass: the same values.
                let both = try daviesBouldinAndCalinskiHarabasz(data, labels: c.labels, noise: noise)
                #expect(both.daviesBouldin == db && both.calinskiHarabasz == ch, "\(c.dataset)/\(c.labels_name)/\(noise)")
            }
        }
    }

    @Test func adjustedRandAndNormalizedMutualInformationMatchSklearn() throws {
        for p in fixture.pairs {
            let ari = try adjustedRandIndex(p.truth, p.predicted)
            let nmi = try normalizedMutualInformation(p.truth, p.predicted)
            #expect(isClose(ari, p.ari, relative: 1e-5, absolute: 1e-12), "ARI \(p.name): \(ari) vs \(p.ari)")
            #expect(isClose(nmi, p.nmi, relative: 1e-5, absolute: 1e-12), "NMI \(p.name): \(nmi) vs \(p.nmi)")
        }
    }

    /// DBSCAN-style labels from the fixture (noise -1 counted as one more label, as scikit-learn
    /// does) scored against the truth on every dataset.
    @Test func pairMetricsOnClusteringFixtureLabels() throws {
        let pairs = fixture.pairs.filter { $0.name.hasPrefix("dbscan_vs_truth_") }
        #expect(pairs.count == fixture.datasets.count)
        for p in pairs {
            let dbscan = fixture.cases.first { "dbscan_vs_truth_" + $0.dataset == p.name && $0.labels_name == "dbscan" }
            #expect(dbscan?.labels == p.predicted && p.predicted.contains(-1), "\(p.name): not the fixture's DBSCAN labels")
            let ari = try adjustedRandIndex(p.truth, p.predicted)
            let nmi = try normalizedMutualInformation(p.truth, p.predicted)
            #expect(p.ari < 1 && isClose(ari, p.ari, relative: 1e-9, absolute: 1e-12), "ARI \(p.name): \(ari) vs \(p.ari)")
            #expect(p.nmi < 1 && isClose(nmi, p.nmi, relative: 1e-9, absolute: 1e-12), "NMI \(p.name): \(nmi) vs \(p.nmi)")
        }
    }
}
