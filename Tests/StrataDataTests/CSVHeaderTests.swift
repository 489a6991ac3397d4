import Foundation
import StrataCore
import StrataData
import Testing

/// `header: .automatic | .present | .absent` (the CLI's `--header auto|yes|no`).
@Suite struct CSVHeaderTests {
    /// What pandas writes for an unnamed frame: `df.to_csv(index=False)` gives a header `0,1,2`.
    let numbered = "0,1,2\n1.5,2,3\n4,5,6.25\n"

    @Test func automaticRefusesANumericFirstLineAndSaysHowToOverride() {
        do {
            _ = try CSVReader().read(bytes: Array(numbered.utf8), name: "frame.csv")
            Issue.record("a numeric first line was taken as a header")
        } catch {
            guard case .missingHeader("frame.csv") = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("--header yes") && error.description.contains("--header no"))
        }
    }

    @Test func presentTakesANumericHeader() throws {
        let table = try CSVReader(header: .present).read(bytes: Array(numbered.utf8))
        #expect(table.columnNames == ["0", "1", "2"] && table.rowCount == 2)
        #expect(table.matrix.storage == [1.5, 2, 3, 4, 5, 6.25])
        let picked = try CSVReader(columns: ["2"], header: .present).read(bytes: Array(numbered.utf8))
        #expect(picked.matrix.storage == [3, 6.25])
    }

    @Test func absentNamesColumnsAndKeepsLineOneAsData() throws {
        let table = try CSVReader(header: .absent).read(bytes: Array("\u{FEFF}\n1,2\n3,4\n".utf8))
        #expect(table.columnNames == ["column1", "column2"] && table.ids == nil)
        #expect(table.matrix.storage == [1, 2, 3, 4])
        do {
            _ = try CSVReader(header: .absent).read(bytes: Array("1,2\n3,x\n".utf8))
            Issue.record("bad cell accepted")
        } catch {
            guard case .notNumeric(_, 2, 2, "column2", "x") = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func headerOfFileFollowsTheMode() throws {
        let url = csvFile(numbered)
        #expect(try CSVReader.header(of: url, header: .present) == ["0", "1", "2"])
        #expect(try CSVReader.header(of: url, header: .absent) == ["column1", "column2", "column3"])
        #expect(throws: DataError.self) { try CSVReader.header(of: url) }
    }
}
