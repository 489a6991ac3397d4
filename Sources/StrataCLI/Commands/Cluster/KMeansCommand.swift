import ArgumentParser
import StrataClustering
import StrataCore

/// `strata cluster kmeans`: scikit-learn's KMeans options in kebab case.
struct KMeansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kmeans", abstract: "K-means (k-means++ seeding, Lloyd or Elkan).")
    @OptionGroup var io: ClusterIO
    @Option(help: "Number of clusters.") var nClusters: Int = 8
    @Option(name: .customLong("init"), help: "Seeding of the centres.") var initMethod: KMeansSeeding = .kMeansPlusPlus
    @Option(help: "Number of seeded runs (default: sklearn's auto).") var nInit: Int?
    @Option(help: "Iteration cap per run.") var maxIter: Int = 300
    @Option(help: "Relative tolerance on centre movement.") var tol: Double = 1e-4
    @Option(help: "Iteration: lloyd, or elkan (triangle-inequality bounds).") var algorithm: KMeans.Algorithm = .lloyd
    @Option(help: "Random seed.") var seed: UInt64 = 0

    var configuration: KMeans {
        KMeans(clusterCount: nClusters, initialization: initMethod.initialization, initCount: nInit,
               maxIterations: maxIter, tolerance: tol, algorithm: algorithm, seed: seed)
    }

    func validate() throws {
        try checkOptions(KMeansCommand.optionNames) { () throws(StrataError) in try configuration.validate() }
    }

    /// Library property → option, shared with `minibatch-kmeans`.
    static let optionNames = ["clusterCount": "--n-clusters", "initCount": "--n-init", "maxIterations": "--max-iter",
                              "tolerance": "--tol", "batchSize": "--batch-size", "maxNoImprovement": "--max-no-improvement",
                              "reassignmentRatio": "--reassignment-ratio"]

    func run() async throws {
        let config = configuration
        let table = try io.input.load()
        try await io.recording.record(step: "kmeans") { tracker in
            try await tracker?.logParameters(["n_clusters": .number(Double(nClusters)), "init": .string(initMethod.rawValue),
                                              "n_init": .number(Double(config.effectiveInitCount)), "max_iter": .number(Double(maxIter)),
                                              "tol": .number(tol), "kmeans_algorithm": .string(algorithm.rawValue), "seed": .number(Double(seed))])
            let (model, seconds) = try timed { try config.fit(table.matrix) }
            let report = ClusteringReport(algorithm: "kmeans", labels: model.labels, seconds: seconds)
            try report.write(table: table, to: io.out)
            report.printSummary(out: io.out)
            print("inertia \(model.inertia)  iterations \(model.iterationCount)")
            try await tracker?.logMetric("inertia", model.inertia)
            try await tracker?.logMetric("iterations", Double(model.iterationCount))
            try await report.log(to: tracker, input: io.input.input, out: io.out)
        }
    }
}
