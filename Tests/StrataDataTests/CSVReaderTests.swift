import Foundation
import StrataCore
import StrataData
import Testing

@Suite struct CSVReaderTests {
    @Test func readsNumbersIdsAndNames() throws {
        let url = csvFile("id,a,b\nx1,1.5,-2\nx2,3e2,0.25\n")
        let table = try CSVReader().read(url)
        #expect(table.columnNames == ["a", "b"])
        #expect(table.ids == ["x1", "x2"])
        #expect(table.matrix.storage == [1.5, -2, 300, 0.25])
    }

    @Test func choosesColumnsByNameInGivenOrder() throws {
        let url = csvFile("customer,name,a,b,c\n7,Ana,1,2,3\n8,Bo,4,5,6\n")
        let table = try CSVReader(columns: ["c", "a"], idColumn: "customer").read(url)
        #expect(table.columnNames == ["c", "a"])
        #expect(table.ids == ["7", "8"])
        #expect(table.matrix.storage == [3, 1, 6, 4])   // the text column 'name' is never parsed
    }

    @Test func noIdColumnWhenAbsentOrDisabled() throws {
        let url = csvFile("a,b\n1,2\n")
        #expect(try CSVReader().read(url).ids == nil)
        let withId = csvFile("id,a\n5,1\n")
        let table = try CSVReader(idColumn: .none).read(withId)
        #expect(table.columnNames == ["id", "a"])
        #expect(table.ids == nil)
        #expect(table.id(at: 0) == "0")
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let text = "id,\"a,b\",c\n\"he said \"\"hi\"\"\",\"1.5\",2\n\"multi\nline\",3,\"4\"\r\n"
        let table = try CSVReader().read(csvFile(text))
        #expect(table.columnNames == ["a,b", "c"])
        #expect(table.ids == ["he said \"hi\"", "multi\nline"])
        #expect(table.matrix.storage == [1.5, 2, 3, 4])
    }

    @Test func quotedIdsAndTextKeepTheirTextInAnyPosition() throws {
        // Quoted fields without quotes inside stay on the whole-record path; a separator or line
        // end inside the quotes, an escaped quote, or text after the closing quote take the
        // general one. Either way the id is the unquoted text, whether the id column comes
        // first or last (CRLF on odd rows) and with a quoted text column skipped.
        let ids = ["C0000001", "", "a,b", "he said \"hi\"", "x\ny", "plain", "\"", "a\r", "\",\"", String(repeating: "z", count: 40)]
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var first = "id,note,a,b\n", last = "note,a,b,id\n"
        for (r, id) in ids.enumerated() {
            let end = r % 2 == 1 ? "\r\n" : "\n"
            first += "\(quoted(id)),\"n\(r)\",\(r).5,\(r)\(end)"
            last += "\"n,\(r)\",\(r).5,\(r),\(quoted(id))\(end)"
        }
        for text in [first, last] {
            for table in [try CSVReader(columns: ["a", "b"]).read(csvFile(text)),
                          try CSVReader(columns: ["a", "b"]).read(bytes: Array(text.utf8))] {
                #expect(table.ids == ids)
                #expect(table.matrix.storage == ids.indices.flatMap { [Float($0) + 0.5, Float($0)] })
            }
        }
        // Text after a closing quote is refused with its line and column, not read as an id.
        #expect(throws: DataError.malformedQuote(file: "mem", line: 3, column: 1)) {
            try CSVReader().read(bytes: Array("id,a\n\"C1\",1\n\"C2\"x,2\n".utf8), name: "mem")
        }
    }

    @Test func crlfBomBlankLinesAndSpaces() throws {
        let text = "\u{FEFF}id,a,b\r\n\r\nr1, 1 ,2\r\n\r\nr2,3,4\r\n\n"
        let table = try CSVReader().read(csvFile(text))
        #expect(table.ids == ["r1", "r2"])
        #expect(table.matrix.storage == [1, 2, 3, 4])
    }

    @Test func lastLineWithoutNewline() throws {
        let table = try CSVReader().read(csvFile("a,b\n1,2\n3,4"))
        #expect(table.matrix.storage == [1, 2, 3, 4])
    }

    @Test func numberFormats() throws {
        let text = "a\n0\n-0.5\n+7\n1e-3\n2.5E+2\n.5\n5.\n123456789012345678901234\n0.1000000000000000055511151231257827\n"
        let table = try CSVReader().read(csvFile(text))
        let expected: [Float] = [0, -0.5, 7, 1e-3, 250, 0.5, 5, Float(Double("123456789012345678901234")!), 0.1]
        #expect(table.matrix.storage == expected)
    }

    @Test func parsedValuesMatchCorrectRounding() throws {
        // Values spread over many magnitudes: the fast path must equal Float(Double(text)) exactly.
        var rng = SeededGenerator(seed: 9)
        var lines = ["v"]
        var expected = [Float]()
        for _ in 0..<5000 {
            let v = (rng.nextUnit() - 0.5) * pow(10, Double(rng.nextInt(below: 20)) - 8)
            let text = String(format: "%.*g", 1 + rng.nextInt(below: 17), v)
            lines.append(text)
            expected.append(Float(Double(text)!))
        }
        let table = try CSVReader().read(csvFile(lines.joined(separator: "\n")))
        #expect(table.matrix.storage == expected)
    }

    @Test func largeFileAcrossBlocksAndCores() throws {
        // Small blocks force records to straddle block ends; big blocks take the parallel path.
        var text = "id,a,b,c\n"
        let rows = 60_000
        for r in 0..<rows { text += "r\(r),\(r),\(Double(r) / 4),\(r % 7)\n" }
        let url = csvFile(text)
        for block in [4096, 10_007, 1 << 20, 8 << 20] {
            let table = try CSVReader(blockSize: block).read(url)
            #expect(table.rowCount == rows)
            #expect(table.ids?[rows - 1] == "r\(rows - 1)")
            var ok = true
            for r in 0..<rows {
                ok = ok && table.matrix[r, 0] == Float(r) && table.matrix[r, 1] == Float(Double(r) / 4)
                    && table.matrix[r, 2] == Float(r % 7) && table.ids?[r] == "r\(r)"
            }
            #expect(ok)
        }
        #expect(try CSVReader.header(of: url) == ["id", "a", "b", "c"])
    }

    @Test func rowsBeyondTheFirstBlocksEstimateKeepValuesAndIDs() throws {
        // Long first records, then short ones: the row count estimated from the first block is
        // far too small, so values and ids both overflow their preallocated storage.
        var text = "id,a,b\n"
        var expected = [(String, Float, Float)]()
        for r in 0..<20_000 {
            let (id, a, b) = r < 100 ? ("\"long-id-\(String(repeating: "x", count: 80))-\(r)\"", "\(r).125", "-0.6726170219181086")
                                      : ("s\(r)", "\(r % 10)", "\(r % 3)")
            text += "\(id),\(a),\(b)\n"
            expected.append((id.replacingOccurrences(of: "\"", with: ""), Float(a)!, Float(b)!))
        }
        let table = try CSVReader(blockSize: 4096).read(csvFile(text))
        #expect(table.rowCount == expected.count)
        #expect(table.ids == expected.map(\.0))
        #expect(table.matrix.storage == expected.flatMap { [$0.1, $0.2] })
    }

    @Test func readsFromMemory() throws {
        #expect(throws: DataError.notNumeric(file: "mem", line: 2, column: 1, columnName: "a;b", value: "1;2")) {
            try CSVReader().read(bytes: Array("a;b\n1;2\n".utf8), name: "mem")
        }
        let semicolon = try CSVReader(delimiter: ";").read(bytes: Array("a;b\n1;2\n".utf8))
        #expect(semicolon.matrix.storage == [1, 2])
    }
}
