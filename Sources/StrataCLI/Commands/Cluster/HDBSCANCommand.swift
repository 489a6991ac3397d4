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
    @Option(help: "How clusters are read off the tree: eom (excess of mass, the most stable) or leaf (the finest).")
    var clusterSelectionMethod: HDBSCAN.ClusterSelectionMethod = .excessOfMass
    @Option(help: "Merge clusters born below this distance.") var clusterSelectionEpsilon: Double = 0
    @Flag(help: "Allow the whole data set to be one cluster.") var allowSingleCluster = false
    @Option(help: "Distance scaling in the mutual reachability distance (d / alpha).") var alpha: Double = 1
    @Option(help: "Largest cluster excess of mass may select (0 = no limit); larger ones are split into their children.")
    var maxClusterSize: Int = 0
    @Option(help: "Also write id,label,probability,outlier_score here.") var detailsOut: String?

    var configuration: HDBSCAN {
        HDBSCAN(minimumClusterSize: minClusterSize, minSamples: minSamples, clusterSelectionMethod: clusterSelectionMethod,
                clusterSelectionEpsilon: clusterSelectionEpsilon, allowSingleCluster: allowSingleCluster,
                alpha: alpha, maximumClusterSize: maxClusterSize)
    }

    func validate() throws {
        try checkOptions(["minimumClusterSize": "--min-cluster-size", "minSamples": "--min-samples",
                          "clusterSelectionEpsilon": "--cluster-selection-epsilon", "alpha": "--alpha",
                          "maximumClusterSize": "--max-cluster-size"]) { () throws(StrataError) in
            try configuration.validate()
        }
    }

    func run() async throws {
        let config = configuration
        let table = try io.input.load()
        try await io.recording.record(step: "hdbscan") { tracker in
            try await tracker?.logParameters(["min_cluster_size": .number(Double(minClusterSize)),
                                              "min_samples": .number(Double(config.effectiveMinSamples)),
                                              "cluster_selection_method": .string(clusterSelectionMethod.rawValue),
                                              "cluster_selection_epsilon": .number(clusterSelectionEpsilon),
                                              "allow_single_cluster": .string(String(allowSingleCluster)),
                                              "alpha": .number(alpha), "max_cluster_size": .number(Double(maxClusterSize))])
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
