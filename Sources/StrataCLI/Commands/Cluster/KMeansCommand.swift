import ArgumentParser
import StrataClustering
import StrataCore

/// `strata cluster kmeans`: scikit-learn's KMeans options in kebab case.
struct KMeansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kmeans", abstract: "K-means (k-means++ seeding, Lloyd or Elkan).")
    @OptionGroup var io: ClusterIO
    @Option(help: "Number of clusters.") var nClusters: Int = 8
    @Option(name: .customLong("init"), help: "Seeding: k-means++ or random.") var initMethod: String = "k-means++"
    @Option(help: "Number of seeded runs (default: sklearn's auto).") var nInit: Int?
    @Option(help: "Iteration cap per run.") var maxIter: Int = 300
    @Option(help: "Relative tolerance on centre movement.") var tol: Double = 1e-4
    @Option(help: "lloyd or elkan.") var algorithm: String = "lloyd"
    @Option(help: "Random seed.") var seed: UInt64 = 0

    func configuration() throws -> KMeans {
        let initialization: KMeans.Initialization
        switch initMethod {
        case "k-means++": initialization = .kMeansPlusPlus
        case "random": initialization = .random
        default: throw UserError("--init must be k-means++ or random, got '\(initMethod)'")
        }
        guard let algo = KMeans.Algorithm(rawValue: algorithm) else {
            throw UserError("--algorithm must be lloyd or elkan, got '\(algorithm)'")
        }
        let config = KMeans(clusterCount: nClusters, initialization: initialization, initCount: nInit,
                            maxIterations: maxIter, tolerance: tol, algorithm: algo, seed: seed)
        try config.validate()
        return config
    }

    func run() async throws {
        let config = try configuration()
        let table = try io.input.load()
        try await io.recording.record(step: "kmeans") { tracker in
            try await tracker?.logParameters(["n_clusters": .number(Double(nClusters)), "init": .string(initMethod),
                                              "n_init": .number(Double(config.effectiveInitCount)), "max_iter": .number(Double(maxIter)),
                                              "tol": .number(tol), "kmeans_algorithm": .string(algorithm), "seed": .number(Double(seed))])
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
