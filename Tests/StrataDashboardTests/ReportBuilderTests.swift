import Foundation
import StrataDashboard
import StrataSQLite
import StrataTracking
import Testing

/// The report's HTML: self-contained, its data block intact and unable to break out.
@Suite struct ReportBuilderTests {
    @Test func theInlineDataIsExactlyTheSampledEmbeddingRows() async throws {
        let fixture = try await ReportFixture.shared.value
        let store = try fixture.store()
        let trial = try await fixture.trialWithEmbedding(store)
        let html = try ReportBuilder().html(try await ReportData.gather(from: store, experiment: fixture.experiment, trial: trial,
                                                                        options: ReportOptions(maximumPoints: 400, seed: 11)))
        let embedding = try #require(try Self.data(in: html).embedding)
        let rows = try await ReportFixture.csvRows(store, component: embedding.component, artifact: "embedding.csv")
        let labels = try await ReportFixture.csvRows(store, component: embedding.labelsComponent, artifact: "labels.csv")

        #expect(embedding.rows == rows.count)
        #expect(embedding.count == min(400, rows.count))
        let positions = try Self.decode(embedding.positions, as: UInt32.self).map(Float.init(bitPattern:))
        let segments = try Self.decode(embedding.segments, as: Int32.self)
        let index = try Self.decode(embedding.rowIndex, as: UInt32.self).map(Int.init)
        #expect(index == ReportEmbedding.sampleRows(rows.count, maximum: 400, seed: 11))
        #expect(zip(index, index.dropFirst()).allSatisfy { $0 < $1 })
        #expect(positions.count == embedding.count * embedding.dims)
        #expect(segments.count == embedding.count)
        for (i, row) in index.enumerated() {
            let recorded = rows[row]
            #expect(embedding.ids[i] == recorded[0])
            #expect(Array(positions[(i * embedding.dims)..<((i + 1) * embedding.dims)]) == recorded[1...embedding.dims].map { Float($0)! })
            #expect(Int(segments[i]) == Int(labels[row].last!)!)
        }
        // The same seed draws the same rows, another seed others.
        #expect(ReportEmbedding.sampleRows(rows.count, maximum: 400, seed: 11) == index)
        #expect(ReportEmbedding.sampleRows(rows.count, maximum: 400, seed: 12) != index)
    }

    @Test func theFileFetchesNothing() async throws {
        let fixture = try await ReportFixture.shared.value
        let html = try ReportBuilder().html(try await ReportData.gather(from: try fixture.store(), experiment: fixture.experiment))
        for reference in ["http://", "https://", "src=", "href=", "url(", "@import"] {
            #expect(html.range(of: reference, options: .caseInsensitive) == nil, "the report holds \(reference)")
        }
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("default-src 'none'"))
        // Every script is inline: as many openers as closers, one per inlined file plus the data.
        let openers = html.components(separatedBy: "<script").count - 1
        #expect(openers == html.components(separatedBy: "</script>").count - 1)
        #expect(html.contains("S.charts.embedding"))
        #expect(html.contains("S.renderReport"))
    }

    @Test func recordedTextCannotEndItsScriptElement() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-report-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try openSQLiteTrackingStore(url: "sqlite:\(directory.appendingPathComponent("s.sqlite").path)")
        let hostile = "</script><script>document.title='owned'</script><!-- https://example.com/x \u{2028} & <b>"
        _ = try await store.loadOrCreateExperiment("hostile", displayName: "<i>name</i>", description: hostile)
        _ = try await store.loadOrCreateTrial("only", experiment: "hostile",
                                              metadata: ["objective.metric": "score (maximize)", "objective.value": "0.5", "feasible": "true"])
        let data = try await ReportData.gather(from: store, experiment: "hostile")
        let html = try ReportBuilder().html(data)
        #expect(!html.contains("document.title='owned'</script>"))
        #expect(!html.contains("<!-- https"))
        #expect(!html.contains("<i>name</i>"))
        let decoded = try Self.data(in: html)
        #expect(decoded.experiment.description == hostile)
        // Nothing was recorded beyond the trial's metadata: the report says so instead of failing.
        #expect(decoded.embedding == nil)
        #expect(decoded.notes.contains { $0.contains("labels.csv") })
        #expect(decoded.choice.trial == "only")
    }

    /// The report's data block, decoded.
    static func data(in html: String) throws -> ReportData {
        let opener = "<script type=\"application/json\" id=\"\(ReportBuilder.dataElementID)\">"
        let start = try #require(html.range(of: opener))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ReportData.self, from: Data(html[start.upperBound..<end.lowerBound].utf8))
    }

    /// Little-endian values from base64.
    static func decode<T: FixedWidthInteger>(_ base64: String, as: T.Type) throws -> [T] {
        let data = try #require(Data(base64Encoded: base64))
        #expect(data.count % MemoryLayout<T>.size == 0)
        return stride(from: 0, to: data.count, by: MemoryLayout<T>.size).map { offset in
            data[offset..<(offset + MemoryLayout<T>.size)].enumerated().reduce(T.zero) { $0 | (T(truncatingIfNeeded: $1.element) << (8 * $1.offset)) }
        }
    }
}
