import Testing
import StrataTracking

/// The export written in chunks is byte for byte the export written whole.
@Suite struct LeaderboardExporterStreamingTests {
    @Test(arguments: LeaderboardExporter.Format.allCases, [0, 1, 7])
    func chunksConcatenateToTheWholeExport(_ format: LeaderboardExporter.Format, rows: Int) async throws {
        let table = LeaderboardTable(columns: ["name", "params.s", "metrics.m.max", "created"], rows: (0..<rows).map { i in
            [.text("c\(i)"), i % 2 == 0 ? .text("a,\"b\"\n") : .null, .number(Double(i) / 3), .date(1_700_000_000 + Double(i))]
        })
        var chunks: [[UInt8]] = []
        await LeaderboardExporter(format: format).write(table, rowsPerChunk: 2) { chunks.append($0) }
        #expect(chunks.flatMap { $0 } == Array(LeaderboardExporter(format: format).data(table)))
        #expect(chunks.count == rows / 2 + 1)
    }
}
