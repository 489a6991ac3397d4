import ArgumentParser
import Foundation
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
        var lines = ["id,label" + probabilityHeader(assignment)]
        lines.reserveCapacity(table.rowCount + 1)
        for r in 0..<table.rowCount {
            var line = "\(table.id(at: r)),\(assignment.labels[r])"
            if proba {
                if let matrix = assignment.componentProbabilities {
                    for c in 0..<matrix.columns { line += "," + String(matrix[r, c]) }
                } else if let p = assignment.probabilities {
                    line += "," + String(p[r])
                }
            }
            lines.append(line)
        }
        let text = lines.joined(separator: "\n") + "\n"
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            let sizes = try ClusterSizeSummary(labels: assignment.labels)
            note("\(table.rowCount) customers assigned to \(sizes.clusterCount) segment(s)\(sizes.noiseFraction > 0 ? String(format: ", %.1f%% noise", sizes.noiseFraction * 100) : ""); written to \(out)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    private func probabilityHeader(_ assignment: SegmentationModel.Assignment) -> String {
        guard proba else { return "" }
        if let matrix = assignment.componentProbabilities { return (0..<matrix.columns).map { ",p\($0)" }.joined() }
        return assignment.probabilities == nil ? "" : ",probability"
    }
}
