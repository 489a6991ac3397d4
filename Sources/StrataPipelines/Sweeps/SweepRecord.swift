import Foundation
import StrataTracking

/// How a sweep keeps its state in the store: each asked point is a trial of the experiment whose
/// metadata names the sweep, the point's number and assignment, and its state. Any process that
/// opens the store can therefore resume the sweep or see how it stands.
public struct SweepRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Handed to a worker and not finished (or its worker died).
        case running
        case complete
        case infeasible
        case failed
        /// Stopped by Ctrl-C / SIGTERM before it finished.
        case stopped

        public var isFinished: Bool { self == .complete || self == .infeasible || self == .failed }
    }

    enum Key {
        static let sweep = "sweep"
        static let number = "sweep.number"
        static let assignment = "sweep.assignment"
        static let state = "sweep.state"
        static let loss = "sweep.loss"
        static let message = "sweep.message"
    }

    public var trial: String
    public var number: Int
    public var assignment: ParameterAssignment
    public var state: State
    /// The objective oriented smaller-is-better (complete and infeasible trials).
    public var loss: Double?
    /// Why it failed, was infeasible or stopped.
    public var message: String?

    /// The trial name of point `number` of sweep `sweep`.
    public static func trialName(sweep: String, number: Int) -> String {
        let digits = String(number)
        return "\(sweep)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
    }

    /// The record a trial's metadata holds, or nil when the trial is not part of `sweep`.
    init?(trial: Trial, sweep: String) {
        let m = trial.metadata
        guard m[Key.sweep] == sweep, let number = m[Key.number].flatMap(Int.init),
              let json = m[Key.assignment], let assignment = try? JSONDecoder().decode(ParameterAssignment.self, from: Data(json.utf8)),
              let state = m[Key.state].flatMap(State.init(rawValue:)) else { return nil }
        self.trial = trial.name; self.number = number; self.assignment = assignment; self.state = state
        self.loss = m[Key.loss].flatMap(Double.init)
        self.message = m[Key.message]
    }

    init(trial: String, number: Int, assignment: ParameterAssignment, state: State, loss: Double? = nil, message: String? = nil) {
        self.trial = trial; self.number = number; self.assignment = assignment; self.state = state; self.loss = loss; self.message = message
    }

    /// The metadata that stores this record.
    func metadata(sweep: String) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var m: [String: String] = [
            Key.sweep: sweep, Key.number: String(number), Key.state: state.rawValue,
            Key.assignment: String(decoding: try encoder.encode(assignment), as: UTF8.self),
        ]
        m[Key.loss] = loss.map { String($0) } ?? ""
        m[Key.message] = message.map { String($0.prefix(2_000)) } ?? ""
        return m
    }

    /// What a sampler learns from this record.
    var observation: SweepObservation {
        let state: SweepObservation.State = switch self.state {
        case .complete: .complete
        case .infeasible: .infeasible
        case .failed: .failed
        case .running, .stopped: .running
        }
        return SweepObservation(number: number, assignment: assignment, state: state, value: loss)
    }

    /// Every record of `sweep` in `experiment`, by number.
    static func all(in store: any TrackingStore, experiment: String, sweep: String) async throws -> [SweepRecord] {
        guard (try? await store.experiment(named: experiment)) != nil else { return [] }
        return try await store.trials(experiment: experiment).compactMap { SweepRecord(trial: $0, sweep: sweep) }
            .sorted { $0.number < $1.number }
    }

    /// Writes this record into its trial (creating the trial if needed).
    func save(in store: any TrackingStore, experiment: String, sweep: String) async throws {
        let metadata = try metadata(sweep: sweep)
        _ = try await store.loadOrCreateTrial(trial, experiment: experiment, metadata: metadata)
        _ = try await store.updateTrial(trial, EntityUpdate(setTags: ["sweep": sweep], metadata: metadata))
    }
}
