import ArgumentParser
import Foundation
import StrataCore
import StrataData
import StrataEvaluation
import StrataPipelines

/// `strata predict model new.csv --out labels.csv`: assign new customers to segments.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Assign new customers to the segments of a fitted model.",
        discussion: "Columns are matched by name (extra columns are ignored). KMeans: nearest centre; Gaussian mixture: most probable component; DBSCAN: the nearest core point's cluster within eps, else -1; HDBSCAN: approximate_predict.")
    @Argument(help: "A model written by `strata run --model-out` or `strata sweep --model-out`.") var model: String
    @Argument(help: "CSV of customers with the model's columns.") var input: String
    @Option(help: "The id column (default: a column named 'id' if present).") var idColumn: String?
    @Option(help: "Where to write id,label (default: standard output).") var out: String?
    @Flag(help: "Also write membership probabilities (Gaussian mixture: one column per component; HDBSCAN: strength).") var proba = false

    func run() async throws {
        let url = URL(fileURLWithPath: model)
        guard FileManager.default.fileExists(atPath: url.path) else { throw UserError("no such file: \(model)") }
        let segmentation = try SegmentationModel(contentsOf: url)
        guard FileManager.default.fileExists(atPath: input) else { throw UserError("no such file: \(input)") }
        let reader = CSVReader(columns: segmentation.header.featureNames, idColumn: idColumn.map { .named($0) } ?? .automatic,
                               missingValues: .impute(.constant(.nan)))
        let table = try reader.read(URL(fileURLWithPath: input))
        let assignment = try segmentation.predict(table)
        // Blocks of rows are formatted on all cores and written in order (no text per row), to
        // a temporary file renamed into place (a failed run leaves no half-written labels);
        // standard output gets the file's bytes (opening /dev/stdout would truncate a file the
        // shell appends to).
        // Only a regular file (or a new one) is replaced by renaming: a device such as /dev/null
        // or a pipe is written to directly.
        let target = out.map { URL(fileURLWithPath: $0) }
        if let out, let target {
            // Named by the user's path, not the staging file's.
            var isDirectory: ObjCBool = false
            let folder = target.deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UserError("cannot write \(out): no such directory \(folder)")
            }
        }
        let replaceable = target.map { url in
            guard let type = try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType else { return true }
            return type == .typeRegular
        } ?? false
        let staging = target.flatMap { replaceable ? nil : $0 }
            ?? (target?.deletingLastPathComponent() ?? FileManager.default.temporaryDirectory)
                .appendingPathComponent(".strata-predict-\(UUID().uuidString).csv")
        defer { if staging != target { try? FileManager.default.removeItem(at: staging) } }
        if proba, let values = try probabilityValues(assignment) {
            try CSVWriter().writeLabels(assignment.labels, values: values.matrix, valueColumns: values.columns, ids: table.ids, to: staging)
        } else {
            try CSVWriter().writeLabels(assignment.labels, ids: table.ids, to: staging)
        }
        guard let out, let target else { return FileHandle.standardOutput.write(try Data(contentsOf: staging)) }
        guard staging == target || rename(staging.path, target.path) == 0 else { throw UserError("cannot write \(out): \(String(cString: strerror(errno)))") }
        let sizes = try ClusterSizeSummary(labels: assignment.labels)
        note("\(table.rowCount) customers assigned to \(sizes.clusterCount) segment(s)\(sizes.noiseFraction > 0 ? String(format: ", %.1f%% noise", sizes.noiseFraction * 100) : ""); written to \(out)")
    }

    /// The probability columns `--proba` adds: every component's (Gaussian mixture), or the
    /// membership strength (HDBSCAN); nil when the clusterer gives none.
    private func probabilityValues(_ assignment: SegmentationModel.Assignment) throws -> (matrix: Matrix, columns: [String])? {
        if let matrix = assignment.componentProbabilities { return (matrix, (0..<matrix.columns).map { "p\($0)" }) }
        guard let p = assignment.probabilities else { return nil }
        return (try Matrix(rows: p.count, columns: 1, values: p.map { Float($0) }), ["probability"])
    }
}
