import Foundation
import StrataEvaluation

/// Everything `strata report` writes into its HTML file, gathered from a store: the experiment,
/// its attempts in the objective's order, the chosen segmentation (sizes, profile, a sample of
/// its embedding, the k-distance and silhouette data) and how it was chosen. It is encoded as
/// the report's inline JSON block and rendered by `web/js/report.js`.
///
/// ```swift
/// let data = try await ReportData.gather(from: store, experiment: "quickstart")
/// try ReportBuilder().write(data, to: URL(fileURLWithPath: "report.html"))
/// ```
///
/// Size: O(top attempts + segments × features + sampled points); at most
/// ``ReportOptions/maximumPoints`` embedding points whatever the number of customers.
public struct ReportData: Codable, Sendable {
    /// The layout's version, so the page can refuse a block it does not know.
    public var format = 1
    public var generatedAt: Date
    public var experiment: ExperimentSummary
    /// The objective the attempts recorded (trial metadata `objective.metric`); nil when none did.
    public var objective: ReportObjective?
    public var attempts: Attempts
    public var choice: Choice
    public var segmentation: Segmentation
    /// A seeded uniform sample of the embedding, nil when none was recorded.
    public var embedding: ReportEmbedding?
    public var kDistance: ReportKDistance?
    public var silhouette: ReportSilhouette?
    /// What could not be shown and why (for the reader: "no embedding was recorded…").
    public var notes: [String]

    /// The experiment's name, description and when its attempts ran.
    public struct ExperimentSummary: Codable, Sendable, Hashable {
        public var name: String
        public var displayName: String?
        public var description: String?
        public var createdBy: String?
        public var createdAt: Date
        /// The first attempt's creation and the last attempt's update (nil without attempts).
        public var firstAttemptAt: Date?
        public var lastAttemptAt: Date?
        /// Every trial of the experiment.
        public var trialCount: Int
    }

    /// The attempts (trials) ranked by the objective: feasible ones first, each group best first.
    public struct Attempts: Codable, Sendable, Hashable {
        public var total: Int
        public var feasible: Int
        public var infeasible: Int
        /// Trials that recorded no objective value (failed, stopped, or not pipeline runs).
        public var withoutObjective: Int
        /// The best ``ReportOptions/topAttempts`` (plus the chosen trial when it ranks lower).
        public var top: [ReportAttempt]
        /// Why attempts were infeasible, most frequent first, with how many.
        public var infeasibleReasons: [Reason]
    }

    public struct Reason: Codable, Sendable, Hashable {
        public var reason: String
        public var count: Int
    }

    /// Which trial the report shows and the rule that picked it.
    public struct Choice: Codable, Sendable, Hashable {
        public enum Rule: String, Codable, Sendable, Hashable {
            /// `--trial` named it.
            case given
            /// A sweep recorded it as its winner (score-weighted consensus).
            case sweepWinner
            /// The best feasible objective value.
            case bestObjective
        }

        public var trial: String
        public var rule: Rule
        /// The rule in a sentence for the reader.
        public var explanation: String
        public var value: Double?
        public var feasible: Bool?
        /// Attempts the rule compared (feasible ones with an objective value).
        public var compared: Int
        public var runnerUp: RunnerUp?
    }

    /// The attempt ranked just after the chosen one and by how much it lost.
    public struct RunnerUp: Codable, Sendable, Hashable {
        public var trial: String
        /// The quantity the rule ranks by (the objective, or the sweep's winner score).
        public var measure: String
        public var chosenValue: Double
        public var value: Double
        /// `chosenValue - value` for maximized measures, `value - chosenValue` for minimized ones.
        public var margin: Double
    }

    /// The chosen trial's clustering: sizes from its labels, the profile when recorded.
    public struct Segmentation: Codable, Sendable, Hashable {
        /// The component holding `labels.csv` (nil when the trial recorded none).
        public var component: String?
        public var rows: Int
        public var segments: [SegmentSize]
        /// Rows labelled -1.
        public var noise: Int
        /// `profile.json` as recorded, nil when absent.
        public var profile: SegmentProfile?
        /// The chosen trial's components with their scores (`silhouette`, …), for the summary.
        public var scores: [String: Double]
    }

    public struct SegmentSize: Codable, Sendable, Hashable {
        public var label: Int
        public var size: Int
    }
}
