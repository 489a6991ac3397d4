import Foundation
import Testing

/// Choice options are enums: `--help` and the completion scripts list their values, a value
/// outside them is refused naming the option, and range checks run while parsing (before any
/// input is read, so a missing file is not what the user hears about).
@Suite struct ChoiceOptionTests {
    @Test(arguments: [
        (["cluster", "gmm"], "--covariance-type", "full, tied, diag, spherical"),
        (["cluster", "hdbscan"], "--cluster-selection-method", "eom, leaf"),
        (["cluster", "kmeans"], "--init", "k-means++, random"),
        (["cluster", "kmeans"], "--algorithm", "lloyd, elkan"),
        (["reduce", "umap"], "--metric", "euclidean, cosine"),
        (["reduce", "umap"], "--init", "spectral, random"),
        (["reduce", "pca"], "--svd-solver", "auto, exact, randomized"),
        (["preprocess", "scale"], "--method", "standard, minmax, robust, none"),
        (["preprocess", "scale"], "--log1p", "none, all, skewed"),
        (["preprocess", "scale"], "--header", "auto, yes, no"),
        (["preprocess", "scale"], "--impute", "error, mean, median, zero"),
        (["score", "silhouette"], "--noise", "exclude, as-cluster"),
        (["sweep"], "--sampler", "grid, random, tpe"),
        (["export"], "--format", "csv, json"),
        (["experiments", "list"], "--sort", "name, createdAt, updatedAt"),
        (["users", "add"], "--role", "viewer, editor, admin"),
    ])
    func helpListsTheValues(command: [String], option: String, values: String) throws {
        let help = try CLIRunner().run(command + ["--help"])
        #expect(help.code == 0)
        // ArgumentParser wraps long lines; compare with the line breaks and indentation folded.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let options = try #require(text.range(of: "OPTIONS:"), "\(help.stdout)")
        let entry = try #require(text[options.upperBound...].range(of: option + " <"), "\(option) in \(help.stdout)")
        let next = text[entry.upperBound...].range(of: " --")?.lowerBound ?? text.endIndex
        #expect(text[entry.upperBound..<next].contains("(values: \(values)"), "\(text[entry.upperBound..<next])")
    }

    @Test func newOptionsAreDocumented() throws {
        let umap = try CLIRunner().run(["reduce", "umap", "--help"]).stdout
        for option in ["--set-op-mix-ratio", "--local-connectivity", "--repulsion-strength"] { #expect(umap.contains(option)) }
        let hdbscan = try CLIRunner().run(["cluster", "hdbscan", "--help"]).stdout
        for option in ["--alpha", "--max-cluster-size"] { #expect(hdbscan.contains(option)) }
        #expect(try CLIRunner().run(["transform", "--help"]).stdout.contains("reduce pca --model-out"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsOfferTheValues(shell: String) throws {
        let script = try CLIRunner().run(["--generate-completion-script", shell])
        #expect(script.code == 0)
        for value in ["spherical", "as-cluster", "minmax", "randomized", "cosine", "leaf"] {
            #expect(script.stdout.contains(value), "\(shell): \(value)")
        }
    }

    @Test(arguments: [
        (["cluster", "gmm", "absent.csv", "--covariance-type", "diagonal"], "The value 'diagonal' is invalid for '--covariance-type"),
        (["cluster", "hdbscan", "absent.csv", "--min-cluster-size", "1"], "--min-cluster-size must be at least 2, got 1"),
        (["cluster", "hdbscan", "absent.csv", "--alpha", "0"], "--alpha must be a finite number > 0, got 0"),
        (["cluster", "hdbscan", "absent.csv", "--max-cluster-size=-5"], "--max-cluster-size must be ≥ 0 (0 = no limit), got -5"),
        (["cluster", "kmeans", "absent.csv", "--n-clusters", "0"], "KMeans --n-clusters must be at least 1, got 0"),
        (["cluster", "minibatch-kmeans", "absent.csv", "--batch-size", "0"], "MiniBatchKMeans --batch-size must be at least 1, got 0"),
        (["cluster", "gmm", "absent.csv", "--reg-covar=-1"], "GaussianMixture --reg-covar must be a finite value >= 0, got -1.0"),
        (["cluster", "dbscan", "absent.csv", "--eps", "0"], "The value '0' is invalid for '--eps"),
        (["reduce", "umap", "absent.csv", "--out", "e.csv", "--min-dist", "3"], "--min-dist must be between 0 and --spread (1.0), got 3.0"),
        (["reduce", "umap", "absent.csv", "--out", "e.csv", "--local-connectivity=-1"], "--local-connectivity must be ≥ 0, got -1.0"),
        (["reduce", "pca", "absent.csv", "--out", "p.csv", "--n-components", "1.5"], "The value '1.5' is invalid for '--n-components"),
        (["preprocess", "select", "absent.csv", "--out", "s.csv", "--correlation-threshold", "2"], "--correlation-threshold must be between 0 and 1, got 2.0"),
        (["preprocess", "correlate", "absent.csv", "--threshold", "1.5"], "--threshold must be between 0 and 1, got 1.5"),
        (["preprocess", "scale", "absent.csv", "--out", "s.csv", "--method", "zscore"], "The value 'zscore' is invalid for '--method"),
        (["neighbors", "k-distance", "absent.csv", "--k", "0"], "--k must be at least 1"),
        (["score", "silhouette", "absent.csv", "--labels", "l.csv", "--sample-size", "1"], "--sample-size must be at least 2, got 1"),
        (["profile", "absent.csv", "--labels", "l.csv", "--top=-1"], "--top must be ≥ 0, got -1"),
        (["experiments", "list", "--limit=-1"], "--limit must be ≥ 0, got -1"),
        (["experiments", "create", "e", "--tag", "novalue"], "--tag 'novalue' must be written key=value"),
    ])
    func badValueIsRefusedNamingTheOption(arguments: [String], message: String) throws {
        let outcome = try CLIRunner().run(arguments)
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("no such file"))
    }
}
