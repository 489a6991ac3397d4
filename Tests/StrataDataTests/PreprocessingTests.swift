import Foundation
import StrataCore
import StrataData
import Testing

@Suite struct PreprocessingTests {
    let table = try! FeatureTable(columnNames: ["a", "b", "c"], ids: ["x", "y", "z"],
                                  matrix: Matrix(rows: 3, columns: 3, values: [1, 0, 5, 2, 3, 5, 4, 9, 5]))

    @Test func scalersRejectNaNNamingRowAndColumn() throws {
        var bad = table.matrix
        bad[2, 1] = .nan
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try StandardScaler().fit(bad) }
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try MinMaxScaler().fit(bad) }
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try RobustScaler().fit(bad) }
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try VarianceThreshold().fit(bad) }
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try CorrelationMatrix(bad) }
        let model = try StandardScaler().fit(table.matrix)
        #expect(throws: StrataError.nonFinite(row: 2, column: 1)) { try model.transform(bad) }
        #expect(throws: StrataError.self) { try model.transform(Matrix(rows: 1, columns: 2)) }
    }

    @Test func constantColumnScalesToZeros() throws {
        let y = try StandardScaler().fit(table.matrix).transform(table)
        #expect(try y.column(named: "c") == [0, 0, 0])
        #expect(y.ids == table.ids && y.columnNames == table.columnNames)
        #expect(try MinMaxScaler().fitTransform(table.matrix).column(2) == [0, 0, 0])
        #expect(try RobustScaler().fitTransform(table.matrix).column(2) == [0, 0, 0])
    }

    @Test func modelsAreCodable() throws {
        let model = try RobustScaler().fit(table.matrix)
        let data = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(RobustScaler.Model.self, from: data) == model)
        let selector = try CorrelationSelector(threshold: 0.95).fit(table.matrix)
        #expect(try JSONDecoder().decode(CorrelationSelector.Model.self, from: JSONEncoder().encode(selector)).selectedColumns
                == selector.selectedColumns)
    }

    @Test func log1pOnChosenColumnsAndItsErrors() throws {
        let log = try Log1pTransform(columnNames: ["b"], in: table)
        let y = try log.transform(table)
        #expect(try y.column(named: "a") == [1, 2, 4])
        #expect(try y.column(named: "b") == [0, log1pf(3), log1pf(9)])
        #expect(try log.inverseTransform(y.matrix).column(1) == [0, 3, 9].map { expm1f(log1pf($0)) })
        var negative = table.matrix
        negative[1, 1] = -1
        do {
            _ = try log.transform(table.replacingMatrix(negative))
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("row 1, column 1 'b'"))
        }
        #expect(throws: StrataError.self) { try Log1pTransform(columns: [7]).transform(table.matrix) }
        #expect(throws: StrataError.self) { try Log1pTransform(columnNames: ["nope"], in: table) }
    }

    @Test func selectorsKeepNamesAndReportPairs() throws {
        let x = try FeatureTable(columnNames: ["a", "twice_a", "noise", "flat"], ids: nil,
                                 matrix: Matrix([[1, 2, 0.3, 1], [2, 4.1, -1, 1], [3, 5.9, 0.2, 1], [4, 8, 0.9, 1]]))
        let model = try CorrelationSelector(threshold: 0.9).fit(x.matrix)
        #expect(try model.transform(x).columnNames == ["a", "noise", "flat"])
        #expect(model.pairs.map { [$0.kept, $0.dropped] } == [[0, 1]])
        #expect(model.correlation.constantColumns == [3])
        let variance = try VarianceThreshold().fit(x.matrix)
        #expect(try variance.transform(x).columnNames == ["a", "twice_a", "noise"])
        #expect(variance.droppedColumns == [3])
        #expect(throws: StrataError.self) { try CorrelationSelector(threshold: 1.5).fit(x.matrix) }
        #expect(throws: StrataError.self) { try VarianceThreshold(threshold: 100).fit(x.matrix) }
    }

    @Test func invalidScalerOptions() {
        #expect(throws: StrataError.self) { try MinMaxScaler(minimum: 1, maximum: 1).fit(table.matrix) }
        #expect(throws: StrataError.self) { try RobustScaler(lowerQuantile: 80, upperQuantile: 20).fit(table.matrix) }
        #expect(throws: StrataError.self) { try StandardScaler().fit(Matrix(rows: 0, columns: 3)) }
    }

    @Test func parallelFitIsDeterministic() throws {
        let sample = try CustomerGenerator(rows: 50_000, seed: 2).makeTable().table.matrix
        let a = try StandardScaler().fit(sample)
        let b = try StandardScaler().fit(sample)
        #expect(a == b)
        #expect(try CorrelationMatrix(sample) == CorrelationMatrix(sample))
    }
}
