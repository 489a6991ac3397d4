import ArgumentParser
import StrataClustering
import StrataNeighbors

/// `strata cluster dbscan`: scikit-learn's DBSCAN options; `--eps knee` takes the k-distance knee.
struct DBSCANCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dbscan", abstract: "DBSCAN (scikit-learn semantics; noise = -1).")
    @OptionGroup var io: ClusterIO
    @Option(help: "Neighbourhood radius (distance <= eps), or 'knee' for the k-distance knee with k = min-samples ('auto' means the same here; a pipeline's 'eps: auto' searches candidates instead, see Guides/ModelSelection.md).") var eps: EpsilonArgument
    @Option(help: "Neighbours (counting the point itself) that make a core point; default: the documented suggestion.") var minSamples: Int?

    func validate() throws {
        if let minSamples, minSamples < 1 {
            throw ValidationError("--min-samples must be at least 1 (it counts the point itself), got \(minSamples)")
        }
    }

    func run() async throws {
        let table = try io.input.load()
        let minSamples = self.minSamples ?? KDistance.suggestedMinSamples(rows: table.matrix.rows, columns: table.matrix.columns)
        try await io.recording.record(step: "dbscan") { tracker in
            let epsilon: Float
            switch eps {
            case .knee:
                let knee = try KDistance(k: minSamples).knee(table.matrix)
                guard let value = knee.value, value > 0 else {
                    throw UserError("the \(minSamples)-distance curve has no knee; pass --eps explicitly")
                }
                epsilon = value
                print("k-distance knee (k = \(minSamples)): eps = \(value)")
                try await tracker?.logParameter("eps_source", .string("k-distance knee"))
            case .value(let value):
                epsilon = value
            }
            let config = DBSCAN(epsilon: epsilon, minSamples: minSamples)
            try config.validate()
            try await tracker?.logParameters(["eps": .number(Double(epsilon)), "min_samples": .number(Double(minSamples))])
            let (model, seconds) = try timed { try config.fit(table.matrix) }
            let report = ClusteringReport(algorithm: "dbscan", labels: model.labels, seconds: seconds)
            try report.write(table: table, to: io.out)
            report.printSummary(out: io.out)
            print("core points \(model.coreSampleIndices.count)")
            try await tracker?.logMetric("core_point_count", Double(model.coreSampleIndices.count))
            try await report.log(to: tracker, input: io.input.input, out: io.out)
        }
    }
}
