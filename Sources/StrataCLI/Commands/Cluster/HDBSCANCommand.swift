import ArgumentParser
import Foundation
import StrataClustering
import StrataCore
import StrataData

/// `strata cluster hdbscan`: the `hdbscan` package's options in kebab case.
struct HDBSCANCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hdbscan", abstract: "HDBSCAN (excess-of-mass or leaf selection).")
    @OptionGroup var io: ClusterIO
    @Option(help: "Smallest cluster.") var minClusterSize: Int = 5
    @Option(help: "Neighbours defining a point's core distance (default: --min-cluster-size).") var minSamples: Int?
    @Option(help: "eom or leaf.") var clusterSelectionMethod: String = "eom"
    @Option(help: "Merge clusters born below this distance.") var clusterSelectionEpsilon: Double = 0
    @Flag(help: "Allow the whole data set to be one cluster.") var allowSingleCluster = false
    @Option(help: "Also write id,label,probability,outlier_score here.") var detailsOut: String?

    func run() async throws {
        guard let method = HDBSCAN.ClusterSelectionMethod(rawValue: clusterSelectionMethod) else {
            throw UserError("--cluster-selection-method must be eom or leaf, got '\(clusterSelectionMethod)'")
        }
        let config = HDBSCAN(minimumClusterSize: minClusterSize, minSamples: minSamples, clusterSelectionMethod: method,
                             clusterSelectionEpsilon: clusterSelectionEpsilon, allowSingleCluster: allowSingleCluster)
        try config.validate()
        let table = try io.input.load()
        try await io.recording.record(step: "hdbscan") { tracker in
            try await tracker?.logParameters(["min_cluster_size": .number(Double(minClusterSize)),
                                              "min_samples": .number(Double(config.effectiveMinSamples)),
                                              "cluster_selection_method": .string(clusterSelectionMethod),
                                              "cluster_selection_epsilon": .number(clusterSelectionEpsilon),
                                              "allow_single_cluster": .string(String(allowSingleCluster))])
            let (model, seconds) = try timed { try config.fit(table.matrix) }
            let report = ClusteringReport(algorithm: "hdbscan", labels: model.labels, seconds: seconds)
            try report.write(table: table, to: io.out)
            report.printSummary(out: io.out)
            if let detailsOut {
                let details = try Matrix(rows: model.labels.count, columns: 3,
                                         values: (0..<model.labels.count).flatMap {
                                             [Float(model.labels[$0]), Float(model.probabilities[$0]), Float(model.outlierScores[$0])] })
                try CSVWriter().write(details, columnNames: ["label", "probability", "outlier_score"], ids: table.ids,
                                      to: URL(fileURLWithPath: detailsOut))
            }
            try await report.log(to: tracker, input: io.input.input, out: io.out)
        }
    }
}
