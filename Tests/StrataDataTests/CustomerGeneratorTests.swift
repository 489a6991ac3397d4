import Foundation
import StrataCore
import StrataData
import Testing

@Suite struct CustomerGeneratorTests {
    func generate(rows: Int, seed: UInt64) throws -> (Data, Data, URL) {
        let dir = temporaryDirectory()
        let data = dir.appendingPathComponent("customers.csv")
        let labels = dir.appendingPathComponent("segments.csv")
        try CustomerGenerator(rows: rows, seed: seed).write(to: data, labelsTo: labels)
        return (try Data(contentsOf: data), try Data(contentsOf: labels), data)
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let (a, la, _) = try generate(rows: 40_000, seed: 7)
        let (b, lb, _) = try generate(rows: 40_000, seed: 7)
        let (c, lc, _) = try generate(rows: 40_000, seed: 8)
        #expect(a == b && la == lb)
        #expect(a != c && la != lc)
        // A prefix of a longer run is the shorter run: rows depend on (seed, row) only.
        let (d, _, _) = try generate(rows: 1_000, seed: 7)
        #expect(a.prefix(d.count) == d)
    }

    @Test func fileReadsBackAsTheInMemoryTable() throws {
        let (_, labels, url) = try generate(rows: 3_000, seed: 11)
        let read = try CSVReader().read(url)
        let sample = try CustomerGenerator(rows: 3_000, seed: 11).makeTable()
        #expect(read == sample.table)
        let labelTable = try CSVReader().read(bytes: Array(labels))
        #expect(labelTable.ids == read.ids)
        #expect(labelTable.matrix.storage.map { Int($0) } == sample.segments)
    }

    @Test func shapeSparsityAndSegments() throws {
        let sample = try CustomerGenerator(rows: 20_000, seed: 1).makeTable()
        let table = sample.table
        #expect(table.columnCount == 4 + 2 * CustomerGenerator.categories.count)
        #expect(table.columnNames.prefix(4) == ["recency_days", "frequency", "monetary", "tenure_days"])
        #expect(table.ids?.first == "C00000001" && table.ids?.last == "C00020000")
        let m = table.matrix
        var zeros = 0
        var categoryCells = 0
        var consistent = true
        for r in 0..<m.rows {
            var spend = 0.0
            var items = 0.0
            for c in 4..<m.columns {
                let v = m[r, c]
                categoryCells += 1
                if v == 0 { zeros += 1 }
                if c % 2 == 1 { spend += Double(v) } else { items += Double(v) }
                consistent = consistent && v >= 0
            }
            // monetary is the total of the category spends; everyone bought something.
            consistent = consistent && abs(Double(m[r, 2]) - spend) < 0.02 && items >= 1 && m[r, 1] >= 1
            consistent = consistent && m[r, 0] >= 0 && m[r, 0] <= m[r, 3]
        }
        #expect(consistent)
        #expect(Double(zeros) / Double(categoryCells) > 0.7)
        var counts = [Int: Int]()
        for s in sample.segments { counts[s, default: 0] += 1 }
        #expect(Set(counts.keys) == Set(-1..<CustomerGenerator.segments.count))
        for (s, segment) in CustomerGenerator.segments.enumerated() {
            let share = Double(counts[s]!) / Double(m.rows)
            #expect(abs(share - segment.weight) < 0.015)
        }
        #expect(abs(Double(counts[-1]!) / Double(m.rows) - CustomerGenerator.noiseShare) < 0.01)
    }

    @Test func segmentsAreSeparableButNotTrivially() throws {
        // Nearest-centroid on log1p + standardised features, centroids from the true labels:
        // clearly better than chance, but segments overlap.
        let sample = try CustomerGenerator(rows: 10_000, seed: 5).makeTable()
        let logged = try Log1pTransform().transform(sample.table.matrix)
        let x = try StandardScaler().fitTransform(logged)
        let k = CustomerGenerator.segments.count
        var centroids = [[Double]](repeating: [Double](repeating: 0, count: x.columns), count: k)
        var sizes = [Int](repeating: 0, count: k)
        for r in 0..<x.rows where sample.segments[r] >= 0 {
            let s = sample.segments[r]
            sizes[s] += 1
            for c in 0..<x.columns { centroids[s][c] += Double(x[r, c]) }
        }
        for s in 0..<k { for c in 0..<x.columns { centroids[s][c] /= Double(sizes[s]) } }
        var correct = 0
        var total = 0
        for r in 0..<x.rows where sample.segments[r] >= 0 {
            var best = 0
            var bestDistance = Double.infinity
            for s in 0..<k {
                var d = 0.0
                for c in 0..<x.columns { let t = Double(x[r, c]) - centroids[s][c]; d += t * t }
                if d < bestDistance { bestDistance = d; best = s }
            }
            if best == sample.segments[r] { correct += 1 }
            total += 1
        }
        let accuracy = Double(correct) / Double(total)
        #expect(accuracy > 0.8 && accuracy < 0.995, "nearest-centroid accuracy \(accuracy)")
    }

    @Test func invalidRowCount() {
        #expect(throws: DataError.self) { try CustomerGenerator(rows: 0, seed: 1).makeTable() }
    }
}
