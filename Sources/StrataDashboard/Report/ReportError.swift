import Foundation

/// Why a report could not be made, naming the experiment, trial, component or artifact at fault.
///
/// ```swift
/// do { _ = try await ReportData.gather(from: store, experiment: "nope") }
/// catch let error as ReportError { print(error) }   // experiment "nope" is not in the store …
/// ```
public enum ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    case experimentNotFound(String)
    case trialNotFound(trial: String, experiment: String)
    case trialInOtherExperiment(trial: String, experiment: String, actual: String)
    case noAttempts(experiment: String)
    /// No trial is feasible with an objective value, and none was named.
    case nothingToChoose(experiment: String, trials: Int)
    case unreadableArtifact(component: String, artifact: String, reason: String)
    /// A malformed artifact: `line` is 1-based in the file, nil for JSON shape errors.
    case badArtifact(component: String, artifact: String, line: Int?, reason: String)
    case invalidOption(String)
    /// A dashboard file the report inlines is missing from the package's resources.
    case missingAsset(String)

    public var description: String {
        switch self {
        case let .experimentNotFound(name):
            "experiment \"\(name)\" is not in the store; `strata experiments list` shows the recorded ones"
        case let .trialNotFound(trial, experiment):
            "trial \"\(trial)\" is not in the store (experiment \"\(experiment)\"); `strata trials list --experiment \(experiment)` shows its trials"
        case let .trialInOtherExperiment(trial, experiment, actual):
            "trial \"\(trial)\" belongs to experiment \"\(actual)\", not \"\(experiment)\""
        case let .noAttempts(experiment):
            "experiment \"\(experiment)\" has no trials yet; run a pipeline or a sweep into it first"
        case let .nothingToChoose(experiment, trials):
            "none of the \(trials) trials of experiment \"\(experiment)\" is feasible with a recorded objective value; name one with --trial"
        case let .unreadableArtifact(component, artifact, reason):
            "cannot read artifact \"\(artifact)\" of component \"\(component)\": \(reason)"
        case let .badArtifact(component, artifact, line, reason):
            "artifact \"\(artifact)\" of component \"\(component)\"\(line.map { ", line \($0)" } ?? ""): \(reason)"
        case let .invalidOption(message):
            message
        case let .missingAsset(name):
            "the dashboard file \(name) is missing from Strata's resources; reinstall Strata"
        }
    }
}
