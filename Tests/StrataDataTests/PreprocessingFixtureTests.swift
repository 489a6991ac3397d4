import Foundation
import StrataCore
import StrataData
import Testing

/// Preprocessing against scikit-learn / numpy reference outputs (Tests/Fixtures/data/make_data.py).
@Suite struct PreprocessingFixtureTests {
    static let datasets = ["mixed", "ties", "chunks", "chain"]

    func load(_ name: String) throws -> (Matrix, [String: Any]) {
        let table = try CSVReader().read(dataFixtures.appendingPathComponent("\(name).csv"))
        let reference = loadJSON("\(name).json")
        #expect(table.columnNames == reference["columns"] as! [String])
        return (table.matrix, reference)
    }

    func section(_ reference: [String: Any], _ key: String) -> [String: Any] { reference[key] as! [String: Any] }

    @Test(arguments: datasets) func standardScaler(_ name: String) throws {
        let (x, reference) = try load(name)
        let expected = section(reference, "standard")
        let model = try StandardScaler().fit(x)
        #expect(allClose(model.mean, numbers(expected["mean"])))
        #expect(allClose(model.variance, numbers(expected["var"]), absolute: 1e-9))
        #expect(allClose(model.scale, numbers(expected["scale"])))
        #expect(model.sampleCount == x.rows)
        if let transformed = expected["transformed"] {
            let y = try model.transform(x)
            #expect(allClose(y.doubles, numbers(transformed)))
            #expect(allClose(try model.inverseTransform(y).doubles, x.doubles, absolute: 1e-4))
        }
        if let noMean = reference["standard_no_mean"] as? [String: Any] {
            #expect(allClose(try StandardScaler(withMean: false).fit(x).transform(x).doubles, numbers(noMean["transformed"])))
        }
    }

    @Test(arguments: datasets) func minMaxScaler(_ name: String) throws {
        let (x, reference) = try load(name)
        let expected = section(reference, "minmax")
        let model = try MinMaxScaler(minimum: -1, maximum: 2).fit(x)
        #expect(allClose(model.dataMinimum, numbers(expected["data_min"])))
        #expect(allClose(model.dataMaximum, numbers(expected["data_max"])))
        #expect(allClose(model.scale, numbers(expected["scale"])))
        #expect(allClose(model.offset, numbers(expected["min"])))
        if let transformed = expected["transformed"] {
            let y = try model.transform(x)
            #expect(allClose(y.doubles, numbers(transformed)))
            #expect(allClose(try model.inverseTransform(y).doubles, x.doubles, absolute: 1e-4))
        }
    }

    @Test(arguments: datasets) func robustScaler(_ name: String) throws {
        let (x, reference) = try load(name)
        let expected = section(reference, "robust")
        let model = try RobustScaler().fit(x)
        #expect(allClose(model.center, numbers(expected["center"])))
        #expect(allClose(model.scale, numbers(expected["scale"])))
        if let transformed = expected["transformed"] {
            let y = try model.transform(x)
            #expect(allClose(y.doubles, numbers(transformed)))
            #expect(allClose(try model.inverseTransform(y).doubles, x.doubles, absolute: 1e-4))
        }
        let wide = section(reference, "robust_10_90_unit")
        let unit = try RobustScaler(lowerQuantile: 10, upperQuantile: 90, unitVariance: true).fit(x)
        #expect(allClose(unit.center, numbers(wide["center"])))
        #expect(allClose(unit.scale, numbers(wide["scale"])))
    }

    @Test(arguments: datasets) func varianceThreshold(_ name: String) throws {
        let (x, reference) = try load(name)
        for (key, threshold) in [("variance_threshold_0", 0.0), ("variance_threshold_1", 1.0)] {
            let expected = section(reference, key)
            if expected["error"] != nil {
                #expect(throws: StrataError.self) { try VarianceThreshold(threshold: threshold).fit(x) }
                continue
            }
            let model = try VarianceThreshold(threshold: threshold).fit(x)
            #expect(allClose(model.variances, numbers(expected["variances"]), absolute: 1e-9))
            #expect(model.selectedColumns == integers(expected["support"]))
            #expect(try model.transform(x) == x.selectingColumns(model.selectedColumns))
        }
    }

    @Test(arguments: datasets) func correlation(_ name: String) throws {
        let (x, reference) = try load(name)
        let corr = try CorrelationMatrix(x)
        #expect(allClose(corr.values, numbers(reference["corrcoef"]), absolute: 1e-7))
        for threshold in ["0.5", "0.6", "0.9"] {
            let t = Double(threshold)!
            let greedy = try CorrelationSelector(threshold: t).fit(correlation: corr)
            #expect(greedy.droppedColumns == integers(reference["drop_greedy_\(threshold)"]))
            let recipe = try CorrelationSelector(threshold: t, strategy: .upperTriangle).fit(correlation: corr)
            #expect(recipe.droppedColumns == integers(reference["drop_recipe_\(threshold)"]))
            for pair in recipe.pairs { #expect(pair.kept < pair.dropped && abs(pair.correlation) > t) }
        }
    }

    @Test(arguments: datasets) func skewedColumns(_ name: String) throws {
        let (x, reference) = try load(name)
        #expect(try Log1pTransform.skewedColumns(x, threshold: 1) == integers(reference["skewed_1"]))
    }
}
