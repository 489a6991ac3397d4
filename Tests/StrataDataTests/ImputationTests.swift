import Foundation
import StrataCore
import StrataData
import Testing

/// Imputation against scikit-learn's SimpleImputer (Tests/Fixtures/data/missing.json).
@Suite struct ImputationTests {
    let reference = loadJSON("missing.json")
    let url = dataFixtures.appendingPathComponent("missing.csv")

    @Test(arguments: [("mean", MissingValuePolicy.Imputation.mean), ("median", .median), ("constant_-1", .constant(-1))])
    func matchesSimpleImputer(key: String, imputation: MissingValuePolicy.Imputation) throws {
        let result = try CSVReader(missingValues: .impute(imputation)).readWithSummary(url)
        #expect(result.missingCounts == integers(reference["missing_counts"]))
        #expect(allClose(result.table.matrix.doubles, numbers(reference[key])))
        #expect(result.table.ids?.first == "row0")
    }

    @Test func zeroAndReportedFillValues() throws {
        let result = try CSVReader(missingValues: .impute(.zero)).readWithSummary(url)
        #expect(result.imputedValues == [0, 0, 0])
        #expect(result.table.matrix[0, 0] == 0)
        let none = try CSVReader(missingValues: .impute(.mean)).readWithSummary(csvFile("a\n1\n2\n"))
        #expect(none.imputedValues == [nil] && none.missingCounts == [0])
    }

    @Test func medianOfEvenCountAndAllMissingColumn() throws {
        let table = try CSVReader(missingValues: .impute(.median)).read(csvFile("a,b\n1,\n4,2\n,3\n10,NA\n"))
        #expect(table.matrix.column(0) == [1, 4, 4, 10])
        #expect(table.matrix.column(1) == [2.5, 2, 3, 2.5])
        do {
            _ = try CSVReader(missingValues: .impute(.mean)).read(csvFile("a,b\n1,\n2,NA\n"))
            Issue.record("no error")
        } catch {
            guard case .nothingToImpute(_, "b") = error else { Issue.record("got \(error)"); return }
        }
        let constant = try CSVReader(missingValues: .impute(.constant(7))).read(csvFile("a,b\n1,\n2,NA\n"))
        #expect(constant.matrix.column(1) == [7, 7])
    }
}
