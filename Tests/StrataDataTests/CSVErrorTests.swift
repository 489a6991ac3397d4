import Foundation
import StrataCore
import StrataData
import Testing

/// Every error names the file and, where there is one, the 1-based line and the column.
@Suite struct CSVErrorTests {
    func failure(_ text: String, _ reader: CSVReader = CSVReader()) -> DataError? {
        let url = csvFile(text, name: "bad.csv")
        do {
            _ = try reader.read(url)
            return nil
        } catch {
            return error
        }
    }

    @Test func raggedRowNamesLine() {
        let error = failure("id,a,b\nx,1,2\ny,3\nz,4,5\n")
        guard case .raggedRow(let file, let line, let expected, let found) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(file.hasSuffix("bad.csv") && line == 3 && expected == 3 && found == 2)
        #expect(error!.description.contains("bad.csv line 3"))
        guard case .raggedRow(_, 2, 3, 4) = failure("a,b,c\n1,2,3,4\n") else { Issue.record("too many fields"); return }
    }

    @Test func nonNumericCellNamesLineAndColumn() {
        let error = failure("id,a,b\nx,1,2\n\ny,3,abc\n")
        guard case .notNumeric(_, let line, let column, let name, let value) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(line == 4 && column == 3 && name == "b" && value == "abc")
        let message = error!.description
        #expect(message.contains("line 4") && message.contains("column 3 'b'") && message.contains("'abc'"))
    }

    @Test func lineNumbersCountQuotedLineBreaksAndBlocks() {
        // The bad cell is on physical line 5 (line 3 holds a quoted line break); small blocks.
        let error = failure("id,a\n\"p\nq\",1\nr,2\ns,oops\n", CSVReader(blockSize: 4096))
        guard case .notNumeric(_, 5, 2, "a", "oops") = error else { Issue.record("got \(String(describing: error))"); return }
        var text = "a,b\n"
        for i in 0..<50_000 { text += "\(i),\(i)\n" }
        text += "1,x\n"
        guard case .notNumeric(_, 50_002, 2, "b", "x") = failure(text, CSVReader(blockSize: 5000)) else {
            Issue.record("late error in a big file"); return
        }
        guard case .notNumeric(_, 50_002, 2, "b", "x") = failure(text) else {
            Issue.record("late error, parallel path"); return
        }
    }

    @Test func infinityIsNotANumber() {
        guard case .notNumeric(_, 2, 1, "a", "inf") = failure("a\ninf\n") else { Issue.record("inf accepted"); return }
        guard case .notNumeric(_, 2, 1, "a", "1e999") = failure("a\n1e999\n") else { Issue.record("overflow accepted"); return }
    }

    @Test func emptyFile() {
        guard case .emptyFile = failure("") else { Issue.record("empty"); return }
        guard case .emptyFile = failure("\n\n\r\n") else { Issue.record("blank lines only"); return }
        #expect(failure("")!.description.contains("bad.csv is empty"))
    }

    @Test func headerOnlyHasNoRows() {
        guard case .noRows = failure("a,b\n") else { Issue.record("no rows"); return }
    }

    @Test func missingHeader() {
        let error = failure("1,2,3\n4,5,6\n")
        guard case .missingHeader = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error!.description.contains("line 1"))
    }

    @Test func duplicateColumnNames() {
        let error = failure("id,a,b,a\nx,1,2,3\n")
        guard case .duplicateColumn(_, "a", 2, 4) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error!.description.contains("columns 2 and 4"))
    }

    @Test func unknownColumns() {
        let error = failure("id,a,b\nx,1,2\n", CSVReader(columns: ["a", "spend"]))
        guard case .unknownColumn(_, "spend", let available) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(available == ["id", "a", "b"])
        #expect(error!.description.contains("'spend'"))
        guard case .unknownColumn(_, "customer", _) = failure("id,a\nx,1\n", CSVReader(idColumn: "customer")) else {
            Issue.record("unknown id column"); return
        }
    }

    @Test func missingValueIsAnErrorByDefault() {
        for marker in ["", "NA", "NaN", "null", "N/A", "nan", "None", " "] {
            let error = failure("id,a,b\nx,1,2\ny,3,\(marker)\n")
            guard case .missingValue(_, 3, 3, "b") = error else { Issue.record("\(marker): \(String(describing: error))"); return }
            #expect(error!.description.contains("line 3, column 3 'b'"))
        }
    }

    @Test func malformedQuotes() {
        guard case .malformedQuote(_, 2, 2) = failure("id,a\nx,\"1\"2\n") else { Issue.record("text after quote"); return }
        guard case .malformedQuote(_, 2, 2) = failure("id,a\nx,\"12\n") else { Issue.record("unclosed"); return }
    }

    @Test func unreadableFile() {
        do {
            _ = try CSVReader().read(URL(fileURLWithPath: "/nonexistent/x.csv"))
            Issue.record("no error")
        } catch {
            guard case .io(let file, _) = error else { Issue.record("got \(error)"); return }
            #expect(file == "/nonexistent/x.csv")
        }
    }

    @Test func invalidOptions() {
        guard case .invalidArgument = failure("id,a\nx,1\n", CSVReader(columns: ["id"])) else { Issue.record("id as feature"); return }
        guard case .invalidArgument = failure("id\nx\n") else { Issue.record("no feature columns"); return }
        guard case .invalidArgument = failure("a\n1\n", CSVReader(delimiter: "\"")) else { Issue.record("quote delimiter"); return }
    }
}
