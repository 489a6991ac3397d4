import Foundation
import Testing
import StrataCore
import StrataClustering
import _StrataTestSupport

/// Core distances at large `minSamples` (hundreds of neighbours, as with `min_cluster_size` in the
/// thousands) equal a brute-force sort of every row's distances, on data with ties and duplicates.
@Suite("HDBSCAN core distances")
struct HDBSCANCoreDistanceTests {
    /// 600 rows fit the search's buffer whole; at 3,000 rows and small `minSamples` a search that
    /// starts without bounds (each chunk's first row) fills it and must shrink it to the k smallest
    /// (at `minSamples = 5` often to a k-th distance of 0, among duplicate rows).
    @Test("core distances at large minSamples equal brute force",
          arguments: [(600, 1), (600, 17), (600, 250), (600, 599), (600, 900), (3000, 5), (3000, 17)])
    func largeMinSamplesMatchBruteForce(n: Int, minSamples: Int) throws {
        var g = SeededGenerator(seed: 11)
        let d = 3
        // Half on a coarse grid (many equal distances and duplicate rows), half Gaussian.
        let values = (0..<(n * d)).map { i in i < n * d / 2 ? Float(g.nextInt(below: 5)) * 0.5 : Float(g.nextGaussian()) }
        let data = try Matrix(rows: n, columns: d, values: values)
        let model = try HDBSCAN(minimumClusterSize: 5, minSamples: minSamples).fit(data)
        let k = Swift.min(minSamples, n - 1)  // the package clamps min_samples to n - 1
        for i in 0..<n {
            var distances = [Double]()
            for j in 0..<n {
                var s = 0.0
                for c in 0..<d { let t = Double(values[i * d + c]) - Double(values[j * d + c]); s += t * t }
                distances.append(s)
            }
            distances.sort()
            // Index k: the row itself is the first, so this is the k-th other row.
            #expect(model.coreDistances[i] == distances[k].squareRoot(), "row \(i)")
        }
    }
}
