import Foundation
import StrataData
import StrataPipelines
import StrataSQLite

/// A temporary directory with generated customers, their hidden segments and a pipeline file.
struct PipelineFixture {
    let directory: URL
    let segments: [Int]

    init(rows: Int = 2_000, seed: UInt64 = 7) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sample = try CustomerGenerator(rows: rows, seed: seed).makeTable()
        try CSVWriter().write(sample.table, to: directory.appendingPathComponent("customers.csv"))
        segments = sample.segments
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// A pipeline over the customers with the given steps (YAML list items).
    func spec(_ steps: String, extra: String = "") throws -> PipelineSpec {
        let yaml = "name: test\ndata: {path: customers.csv}\nsteps:\n\(steps)\n\(extra)"
        return try PipelineSpec(yaml: yaml, path: "test.yaml", baseDirectory: directory)
    }

    func store() throws -> SQLiteTrackingStore {
        try openSQLiteTrackingStore(url: "sqlite:\(url("strata.sqlite").path)")
    }

    var cache: StepCache { StepCache(directory: url("cache")) }

    func data(_ spec: PipelineSpec) throws -> PipelineData { try PipelineData.load(spec.data, url: spec.dataURL) }
}
