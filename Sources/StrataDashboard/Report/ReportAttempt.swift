import Foundation
import StrataTracking

/// One attempt (trial) as the report lists it: its objective value and feasibility from the
/// trial metadata a pipeline run writes, and a sweep's bookkeeping when a sweep ran it.
///
/// ```swift
/// let attempt = ReportAttempt(trial)   // from store.trials(experiment:)
/// attempt.value, attempt.feasible      // objective.value, feasible
/// ```
public struct ReportAttempt: Codable, Sendable, Hashable {
    public var trial: String
    public var displayName: String?
    /// `objective.metric` as recorded (e.g. `"segmentation_score (maximize)"`).
    public var objective: String?
    /// `objective.value`; nil when absent or not a finite number.
    public var value: Double?
    /// `feasible`; nil when the trial did not record it.
    public var feasible: Bool?
    /// `infeasible_reason`.
    public var reason: String?
    /// The sweep that ran it and the point's settings (`sweep.assignment`), name → value text.
    public var sweep: String?
    public var settings: [String: String]
    /// `sweep.consensus` and `sweep.winner_score` where a sweep ranked its winner.
    public var consensus: Double?
    public var winnerScore: Double?
    public var createdAt: Date

    public init(_ trial: Trial) {
        let m = trial.metadata
        self.trial = trial.name
        displayName = trial.displayName
        objective = m["objective.metric"]
        value = Self.finite(m["objective.value"])
        feasible = m["feasible"].flatMap { $0 == "true" ? true : $0 == "false" ? false : nil }
        reason = m["infeasible_reason"].flatMap { $0.isEmpty ? nil : $0 }
        sweep = m["sweep"].flatMap { $0.isEmpty ? nil : $0 }
        settings = Self.settings(m["sweep.assignment"])
        consensus = Self.finite(m["sweep.consensus"])
        winnerScore = Self.finite(m["sweep.winner_score"])
        createdAt = trial.createdAt
    }

    /// Whether the attempt counts for choosing a winner: feasible with an objective value.
    public var isCandidate: Bool { feasible == true && value != nil }

    static func finite(_ text: String?) -> Double? {
        guard let text, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// A sweep point's assignment (`sweep.assignment`, the sweep's Codable form of its values)
    /// as name → value text; empty when absent or unreadable.
    static func settings(_ json: String?) -> [String: String] {
        guard let json, let values = try? JSONDecoder().decode([String: Setting].self, from: Data(json.utf8)) else { return [:] }
        return values.mapValues(\.text)
    }

    /// One value of a sweep's assignment, decoded from the sweep's own spelling.
    enum Setting: Decodable {
        case int(Int), double(Double), string(String), bool(Bool)

        var text: String {
            switch self {
            case .int(let v): String(v)
            case .double(let v): String(v)
            case .string(let v): v
            case .bool(let v): String(v)
            }
        }
    }
}

extension Array where Element == ReportAttempt {
    /// The report's order: feasible attempts before infeasible ones before those without a
    /// feasibility record, each group best objective value first (attempts without a value
    /// last, as are values recorded for another objective), ties by trial name.
    public func rankedByObjective(_ objective: ReportObjective?) -> [ReportAttempt] {
        func group(_ a: ReportAttempt) -> Int { a.feasible == true ? 0 : a.feasible == false ? 1 : 2 }
        // A value of another objective (another pipeline in the same experiment) does not rank.
        func comparable(_ a: ReportAttempt) -> Double? { a.objective == objective?.recorded ? a.value : nil }
        return sorted { a, b in
            if group(a) != group(b) { return group(a) < group(b) }
            switch (comparable(a), comparable(b)) {
            case let (x?, y?):
                if x != y, let objective { return objective.isBetter(x, than: y) }
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): break
            }
            return a.trial < b.trial
        }
    }
}
