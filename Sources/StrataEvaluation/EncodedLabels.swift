import StrataCore

/// Labels after noise handling, re-encoded to `0..<clusterCount` (sklearn's `LabelEncoder`:
/// codes follow the sorted label values).
struct EncodedLabels: Sendable {
    /// Rows that take part in the score, ascending.
    let rows: [Int]
    /// Cluster code of each entry of `rows`.
    let codes: [Int32]
    /// Members per cluster code.
    let sizes: [Int]
    /// The original label of each code.
    let labelValues: [Int]
    /// Share of all rows left out as noise.
    let excludedNoiseFraction: Double

    var clusterCount: Int { sizes.count }

    /// Validates shapes and encodes; `metric` names the caller in error messages.
    init(labels: [Int], rowCount: Int, noise: NoiseHandling, metric: String) throws(StrataError) {
        guard labels.count == rowCount else {
            throw .dimensionMismatch("\(metric): got \(labels.count) labels for \(rowCount) rows; pass one label per row")
        }
        var rows = [Int]()
        rows.reserveCapacity(rowCount)
        for (i, l) in labels.enumerated() {
            if l < -1 {
                throw .invalidArgument("\(metric): label \(l) at row \(i) is invalid; labels are cluster numbers ≥ 0, or -1 for noise")
            }
            if noise == .exclude && l == -1 { continue }
            rows.append(i)
        }
        let maxLabel = rows.reduce(-1) { Swift.max($0, labels[$1]) }
        var distinct = [Int]()
        var sizes = [Int]()
        let codes: [Int32]
        if maxLabel < 4 * rowCount + 1_024 {
            // Cluster numbers are small (as every clusterer here writes them): an array indexed by
            // label (-1 included) replaces hashing every row's label.
            var codeOf = [Int32](repeating: -1, count: maxLabel + 2)
            for r in rows { codeOf[labels[r] + 1] = 0 }
            for slot in 0..<codeOf.count where codeOf[slot] == 0 {
                codeOf[slot] = Int32(distinct.count)
                distinct.append(slot - 1)
            }
            sizes = [Int](repeating: 0, count: distinct.count)
            codes = rows.map { r -> Int32 in
                let c = codeOf[labels[r] + 1]
                sizes[Int(c)] += 1
                return c
            }
        } else {
            distinct = Set(rows.map { labels[$0] }).sorted()
            var codeOf = [Int: Int32](minimumCapacity: distinct.count)
            for (c, l) in distinct.enumerated() { codeOf[l] = Int32(c) }
            sizes = [Int](repeating: 0, count: distinct.count)
            codes = rows.map { r -> Int32 in
                let c = codeOf[labels[r]]!
                sizes[Int(c)] += 1
                return c
            }
        }
        self.rows = rows
        self.codes = codes
        self.sizes = sizes
        self.labelValues = distinct
        self.excludedNoiseFraction = rowCount == 0 ? 0 : Double(rowCount - rows.count) / Double(rowCount)
    }

    /// A subset (positions into `rows`), re-encoded so that only clusters present remain.
    func subset(_ positions: [Int]) -> EncodedLabels {
        EncodedLabels(subsetOf: self, positions: positions)
    }

    private init(subsetOf parent: EncodedLabels, positions: [Int]) {
        var present = [Int32](repeating: -1, count: parent.clusterCount)
        var values = [Int]()
        for p in positions { present[Int(parent.codes[p])] = 0 }
        var next: Int32 = 0
        for c in 0..<parent.clusterCount where present[c] == 0 {
            present[c] = next; next += 1; values.append(parent.labelValues[c])
        }
        var sizes = [Int](repeating: 0, count: Int(next))
        codes = positions.map { p in
            let c = present[Int(parent.codes[p])]
            sizes[Int(c)] += 1
            return c
        }
        rows = positions.map { parent.rows[$0] }
        self.sizes = sizes
        labelValues = values
        excludedNoiseFraction = parent.excludedNoiseFraction
    }

    /// sklearn's `check_number_of_labels`: 2 ≤ clusters ≤ samples − 1.
    func requireScorableClusterCount(metric: String, noise: NoiseHandling) throws(StrataError) {
        let n = rows.count
        let noiseNote = noise == .exclude && excludedNoiseFraction > 0
            ? " after leaving out \(Int((excludedNoiseFraction * 100).rounded()))% noise rows" : ""
        guard clusterCount >= 2 else {
            throw .invalidArgument("\(metric) needs at least 2 clusters, got \(clusterCount)\(noiseNote); choose a clustering with more clusters")
        }
        guard clusterCount <= n - 1 else {
            throw .invalidArgument("\(metric) needs fewer clusters than scored rows, got \(clusterCount) clusters for \(n) rows\(noiseNote); every row is its own cluster")
        }
    }
}
