import Testing
import StrataCore

@Test func nonFiniteCellIsNamed() throws {
    let m = try Matrix(rows: 2, columns: 2, values: [1, 2, .nan, 4])
    #expect(throws: StrataError.nonFinite(row: 1, column: 0)) { try m.validateFinite() }
}

@Test func wrongValueCountThrows() {
    #expect(throws: StrataError.self) { try Matrix(rows: 2, columns: 2, values: [1, 2, 3]) }
}

/// The vector scan must report the same first bad cell as a cell-by-cell scan, wherever it lies
/// (inside a 16-value block, in the tail, after a block of good values).
@Test func firstNonFiniteCellIsNamedWhereverItLies() throws {
    let rows = 13, columns = 5
    for position in [0, 7, 15, 16, 31, 47, 63, 64] {
        for bad in [Float.nan, .infinity, -.infinity] {
            var values = (0..<(rows * columns)).map { Float($0) * 0.5 - 10 }
            values[position] = bad
            if position + 3 < values.count { values[position + 3] = .nan }
            let m = try Matrix(rows: rows, columns: columns, values: values)
            #expect(throws: StrataError.nonFinite(row: position / columns, column: position % columns)) { try m.validateFinite() }
        }
    }
    let largest = try Matrix(rows: rows, columns: columns, values: [Float](repeating: .greatestFiniteMagnitude, count: rows * columns))
    try largest.validateFinite()
}
