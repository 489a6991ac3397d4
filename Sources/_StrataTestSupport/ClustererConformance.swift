import StrataCore
import StrataClustering

/// The checks every ``Clusterer`` must pass, generic over the algorithm.
///
/// ```swift
/// let suite = ClustererConformance(
///     name: "KMeans",
///     configured: { seed in KMeans(clusterCount: 3, seed: seed) },
///     invalidConfigurations: [KMeans(clusterCount: 0), KMeans(clusterCount: 3, maxIterations: 0)],
///     tooManyClusters: KMeans(clusterCount: 5))
/// #expect(suite.run().isEmpty)
/// ```
///
/// `run()` returns one readable line per failed check (empty = conforming), so it needs no test
/// framework and any test target can call it. The checks:
/// 1. a seeded refit gives identical labels (also on a copy of the data);
/// 2. `predict` on the training rows returns one label per row, each ≥ −1, and a wrong column count throws;
/// 3. each invalid configuration throws ``StrataError/invalidArgument(_:)`` with a message, from `validate()` and `fit`;
/// 4. NaN and ±infinity are rejected as ``StrataError/nonFinite(row:column:)`` naming the cell;
/// 5. an empty matrix throws;
/// 6. one row, and all-identical rows, either fit (one label per row) or throw a `StrataError`
///    with a message — never crash, hang or emit NaN;
/// 7. `tooManyClusters` (a configuration asking for more clusters than the 4-row input holds)
///    throws, as scikit-learn does for k > n. Pass `nil` for algorithms without a cluster count.
public struct ClustererConformance<C: Clusterer>: Sendable {
    public var name: String
    /// A valid configuration for three well-separated 2-D blobs, with the given seed.
    public var configured: @Sendable (UInt64) -> C
    /// Configurations whose `validate()` must throw.
    public var invalidConfigurations: [C]
    /// A configuration with more clusters than 4 rows, or `nil` when the notion does not apply.
    public var tooManyClusters: C?

    public init(name: String, configured: @escaping @Sendable (UInt64) -> C, invalidConfigurations: [C], tooManyClusters: C?) {
        self.name = name
        self.configured = configured
        self.invalidConfigurations = invalidConfigurations
        self.tooManyClusters = tooManyClusters
    }

    /// Three seeded Gaussian blobs of 40 rows each in 2-D (centres (0,0), (8,8), (−8,8)).
    public static func blobs(seed: UInt64 = 11) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        let centres: [(Float, Float)] = [(0, 0), (8, 8), (-8, 8)]
        var values = [Float]()
        for (cx, cy) in centres {
            for _ in 0..<40 {
                values.append(cx + Float(generator.nextGaussian()))
                values.append(cy + Float(generator.nextGaussian()))
            }
        }
        return try! Matrix(rows: 120, columns: 2, values: values)
    }

    /// Runs every check; returns the failures (empty when the clusterer conforms).
    public func run() -> [String] {
        var failures = [String]()
        func fail(_ message: String) { failures.append("\(name): \(message)") }
        let data = Self.blobs()

        // 1. Seeded refit is identical.
        do {
            let first = try configured(7).fit(data)
            let second = try configured(7).fit(Matrix(rows: data.rows, columns: data.columns, values: Array(data.storage)))
            if first.labels != second.labels { fail("a refit with the same seed gave different labels") }
            if first.labels.count != data.rows { fail("fit returned \(first.labels.count) labels for \(data.rows) rows") }
            // 2. predict on training rows.
            let predicted = try first.predict(data)
            if predicted.count != data.rows { fail("predict returned \(predicted.count) labels for \(data.rows) rows") }
            if predicted.contains(where: { $0 < -1 }) { fail("predict returned a label below -1") }
            let wrongWidth = Matrix(rows: 3, columns: data.columns + 1)
            if (try? first.predict(wrongWidth)) != nil { fail("predict accepted rows with \(data.columns + 1) columns after fitting \(data.columns)") }
        } catch {
            fail("fitting three clean blobs threw: \(error)")
        }

        // 3. Invalid configurations.
        for (index, config) in invalidConfigurations.enumerated() {
            expectInvalidArgument("invalid configuration #\(index) validate()", fail) { () throws(StrataError) in try config.validate() }
            expectInvalidArgument("invalid configuration #\(index) fit", fail) { () throws(StrataError) in _ = try config.fit(data) }
        }

        // 4. Non-finite input names the cell.
        for (value, row, column) in [(Float.nan, 5, 1), (Float.infinity, 17, 0), (-Float.infinity, 0, 1)] {
            var bad = data
            bad[row, column] = value
            do {
                _ = try configured(1).fit(bad)
                fail("fit accepted \(value) at row \(row), column \(column)")
            } catch let error {
                if error != .nonFinite(row: row, column: column) {
                    fail("\(value) at row \(row), column \(column) gave \(error) instead of naming that cell")
                }
            }
        }

        // 5. Empty input.
        do {
            _ = try configured(1).fit(Matrix(rows: 0, columns: 2))
            fail("fit accepted an empty matrix")
        } catch {
            if error.description.isEmpty { fail("the error for an empty matrix has no message") }
        }

        // 6. One row; all-identical rows.
        let one = try! Matrix(rows: 1, columns: 2, values: [1, 2])
        let same = try! Matrix(rows: 30, columns: 2, values: [Float](repeating: 3, count: 60))
        for (label, input) in [("one row", one), ("30 identical rows", same)] {
            do {
                let model = try configured(3).fit(input)
                if model.labels.count != input.rows { fail("\(label): \(model.labels.count) labels for \(input.rows) rows") }
                if model.labels.contains(where: { $0 < -1 }) { fail("\(label): a label below -1") }
            } catch {
                if error.description.isEmpty { fail("\(label): threw an error without a message") }
            }
        }

        // 7. More clusters than rows.
        if let tooMany = tooManyClusters {
            let four = try! Matrix([[0, 0], [1, 1], [2, 2], [3, 3]])
            do {
                _ = try tooMany.fit(four)
                fail("fit with more clusters than the 4 rows did not throw")
            } catch {
                if error.description.isEmpty { fail("the k > n error has no message") }
            }
        }
        return failures
    }

    private func expectInvalidArgument(_ what: String, _ fail: (String) -> Void, _ body: () throws(StrataError) -> Void) {
        do {
            try body()
            fail("\(what) did not throw")
        } catch {
            if case .invalidArgument(let message) = error {
                if message.isEmpty { fail("\(what) threw without a message") }
            } else {
                fail("\(what) threw \(error) instead of invalidArgument")
            }
        }
    }
}
