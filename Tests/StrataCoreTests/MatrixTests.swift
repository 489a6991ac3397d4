import Testing
import StrataCore

@Test func nonFiniteCellIsNamed() throws {
    let m = try Matrix(rows: 2, columns: 2, values: [1, 2, .nan, 4])
    #expect(throws: StrataError.nonFinite(row: 1, column: 0)) { try m.validateFinite() }
}

@Test func wrongValueCountThrows() {
    #expect(throws: StrataError.self) { try Matrix(rows: 2, columns: 2, values: [1, 2, 3]) }
}
