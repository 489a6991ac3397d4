import ArgumentParser
import StrataClustering
import StrataCore

/// `strata cluster gmm`: scikit-learn's GaussianMixture options in kebab case.
struct GMMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gmm", abstract: "Gaussian mixture (EM, k-means initialisation).")
    @OptionGroup var io: ClusterIO
    @Option(help: "Number of mixture components.") var nComponents: Int = 1
    @Option(help: "Shape of each component's covariance (scikit-learn's covariance_type).") var covarianceType: GaussianMixture.CovarianceType = .full
    @Option(help: "Added to covariance diagonals.") var regCovar: Double = 1e-6
    @Option(help: "Convergence threshold on the lower bound.") var tol: Double = 1e-3
    @Option(help: "EM iteration cap.") var maxIter: Int = 100
    @Option(help: "Initialisations; the best lower bound wins.") var nInit: Int = 1
    @Option(help: "Random seed.") var seed: UInt64 = 0

    var configuration: GaussianMixture {
        GaussianMixture(componentCount: nComponents, covarianceType: covarianceType, tolerance: tol, regularization: regCovar,
                        maxIterations: maxIter, initCount: nInit, seed: seed)
    }

    func validate() throws {
        try checkOptions(["componentCount": "--n-components", "tolerance": "--tol", "regularization": "--reg-covar",
                          "maxIterations": "--max-iter", "initCount": "--n-init"]) { () throws(StrataError) in
            try configuration.validate()
        }
    }

    func run() async throws {
        let config = configuration
        let table = try io.input.load()
        try await io.recording.record(step: "gmm") { tracker in
            try await tracker?.logParameters(["n_components": .number(Double(nComponents)), "covariance_type": .string(covarianceType.sklearnName),
                                              "reg_covar": .number(regCovar), "tol": .number(tol), "max_iter": .number(Double(maxIter)),
                                              "n_init": .number(Double(nInit)), "seed": .number(Double(seed))])
            let (model, seconds) = try timed { try config.fit(table.matrix) }
            let report = ClusteringReport(algorithm: "gmm", labels: model.labels, seconds: seconds)
            try report.write(table: table, to: io.out)
            report.printSummary(out: io.out)
            let bic = try model.bic(table.matrix), aic = try model.aic(table.matrix), score = try model.score(table.matrix)
            print("mean log-likelihood \(score)  BIC \(bic)  AIC \(aic)  converged \(model.converged) after \(model.iterationCount) iterations")
            try await tracker?.logMetric("log_likelihood", score)
            try await tracker?.logMetric("bic", bic)
            try await tracker?.logMetric("aic", aic)
            try await tracker?.logMetric("iterations", Double(model.iterationCount))
            try await report.log(to: tracker, input: io.input.input, out: io.out)
        }
    }
}

/// `strata cluster minibatch-kmeans`: scikit-learn's MiniBatchKMeans for millions of rows.
struct MiniBatchKMeansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "minibatch-kmeans", abstract: "Mini-batch k-means (online centre updates).")
    @OptionGroup var io: ClusterIO
    @Option(help: "Number of clusters.") var nClusters: Int = 8
    @Option(help: "Rows per mini-batch.") var batchSize: Int = 1024
    @Option(help: "Passes over the data at most.") var maxIter: Int = 100
    @Option(help: "Stop after this many batches without inertia improvement.") var maxNoImprovement: Int = 10
    @Option(help: "Share of the largest cluster below which centres are reassigned.") var reassignmentRatio: Double = 0.01
    @Option(help: "Random seed.") var seed: UInt64 = 0

    var configuration: MiniBatchKMeans {
        MiniBatchKMeans(clusterCount: nClusters, maxIterations: maxIter, batchSize: batchSize,
                        maxNoImprovement: maxNoImprovement, reassignmentRatio: reassignmentRatio, seed: seed)
    }

    func validate() throws {
        try checkOptions(KMeansCommand.optionNames) { () throws(StrataError) in try configuration.validate() }
    }

    func run() async throws {
        let config = configuration
        let table = try io.input.load()
        try await io.recording.record(step: "minibatch-kmeans") { tracker in
            try await tracker?.logParameters(["n_clusters": .number(Double(nClusters)), "batch_size": .number(Double(batchSize)),
                                              "max_iter": .number(Double(maxIter)), "seed": .number(Double(seed))])
            let (model, seconds) = try timed { try config.fit(table.matrix) }
            let report = ClusteringReport(algorithm: "minibatch-kmeans", labels: model.labels, seconds: seconds)
            try report.write(table: table, to: io.out)
            report.printSummary(out: io.out)
            print("inertia \(model.inertia)  steps \(model.stepCount)")
            try await tracker?.logMetric("inertia", model.inertia)
            try await report.log(to: tracker, input: io.input.input, out: io.out)
        }
    }
}
