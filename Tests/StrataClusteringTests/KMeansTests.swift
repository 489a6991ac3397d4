import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

@Suite struct KMeansTests {
    @Test(arguments: KMeansFixture.names)
    func sameInitialCentersGiveSklearnsLabelsAndInertia(dataset: String) throws {
        let fixture = try KMeansFixture.load(dataset)
        let data = fixture.matrix
        for reference in fixture.kmeans {
            let start = try Matrix(reference.initialCenters.map { $0.map { Float($0) } })
            let config = KMeans(clusterCount: fixture.clusterCount, initialization: .centers(start),
                                algorithm: KMeans.Algorithm(rawValue: reference.algorithm)!)
            let model = try config.fit(data)
            #expect(model.labels == reference.labels, "\(dataset) \(reference.name): labels differ from sklearn")
            #expect(isClose(model.inertia, reference.inertia, relative: 1e-4),
                    "\(dataset) \(reference.name): inertia \(model.inertia) vs sklearn \(reference.inertia)")
            #expect(model.iterationCount == reference.iterations, "\(dataset) \(reference.name): iterations \(model.iterationCount) vs \(reference.iterations)")
            for (c, row) in reference.centers.enumerated() {
                for (j, v) in row.enumerated() {
                    #expect(abs(Double(model.centers[c, j]) - v) <= 1e-4 * max(1, abs(v)))
                }
            }
            #expect(try model.predict(data) == model.labels)
        }
    }

    @Test(arguments: KMeansFixture.names)
    func kMeansPlusPlusWithTenRunsIsWithinHalfAPercentOfSklearn(dataset: String) throws {
        let fixture = try KMeansFixture.load(dataset)
        for algorithm in KMeans.Algorithm.allCases {
            let model = try KMeans(clusterCount: fixture.clusterCount, initCount: 10, algorithm: algorithm, seed: 0).fit(fixture.matrix)
            #expect(model.inertia <= fixture.kmeansPlusPlusInertia * 1.005,
                    "\(dataset) \(algorithm): inertia \(model.inertia) vs sklearn \(fixture.kmeansPlusPlusInertia)")
        }
    }

    @Test func lloydAndElkanAgreeOnSeededRuns() throws {
        let fixture = try KMeansFixture.load("blobs")
        for seed in UInt64(0)..<5 {
            let lloyd = try KMeans(clusterCount: 6, initialization: .random, seed: seed).fit(fixture.matrix)
            let elkan = try KMeans(clusterCount: 6, initialization: .random, algorithm: .elkan, seed: seed).fit(fixture.matrix)
            #expect(lloyd.labels == elkan.labels)
            #expect(isClose(lloyd.inertia, elkan.inertia, relative: 1e-6))
        }
    }

    @Test func transformGivesDistancesToCenters() throws {
        let data = try Matrix([[0, 0], [1, 0], [10, 10], [11, 10]])
        let model = try KMeans(clusterCount: 2, seed: 3).fit(data)
        let distances = try model.transform(data)
        #expect(distances.rows == 4 && distances.columns == 2)
        for i in 0..<4 {
            let own = Double(distances[i, model.labels[i]])
            #expect(abs(own - 0.5) < 1e-6)
        }
        #expect(abs(model.inertia - 1.0) < 1e-9)
        #expect(Set(model.labels).count == 2)
    }

    @Test func configurationErrorsSayWhatToChange() {
        #expect(throws: StrataError.self) { try KMeans(clusterCount: 0).validate() }
        #expect(throws: StrataError.self) { try KMeans(clusterCount: 2, initCount: 0).validate() }
        #expect(throws: StrataError.self) { try KMeans(clusterCount: 2, tolerance: -1).validate() }
        let threeRows = try! Matrix([[0, 0], [1, 1], [2, 2]])
        do {
            _ = try KMeans(clusterCount: 4).fit(threeRows)
            Issue.record("k > n must throw")
        } catch {
            #expect(error.description.contains("clusterCount"))
        }
        let wrongCenters = try! Matrix([[0, 0, 0], [1, 1, 1]])
        #expect(throws: StrataError.self) { try KMeans(clusterCount: 2, initialization: .centers(wrongCenters)).fit(threeRows) }
    }

    @Test func isIdenticalForAnyThreadSplit() throws {
        // Big enough for many parallel chunks; the fixed chunking makes the sums order-independent.
        var generator = SeededGenerator(seed: 9)
        let values = (0..<(60_000 * 4)).map { _ in Float(generator.nextGaussian()) }
        let data = try Matrix(rows: 60_000, columns: 4, values: values)
        let a = try Parallel.withThreadCount(1) { try KMeans(clusterCount: 7, seed: 5).fit(data) }
        let b = try Parallel.withThreadCount(2) { try KMeans(clusterCount: 7, seed: 5).fit(data) }
        #expect(a == b)
    }
}
