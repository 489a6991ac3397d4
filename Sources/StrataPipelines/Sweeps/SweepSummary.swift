/// How a sweep stands: every point, and the best feasible one.
public struct SweepSummary: Sendable {
    public var sweep: String
    public var experiment: String
    public var records: [SweepRecord]
    public var objective: Objective
    /// Whether the sweep was stopped before it finished.
    public var stopped: Bool
    public var seconds: Double
    /// The chosen attempt: by ``WinnerSelection`` for a maximised objective, else the best
    /// objective. Nil when no attempt is feasible.
    public var winner: SweepRecord?
    /// Each ranked attempt's consensus (mean ARI with the other feasible attempts, weighted by
    /// their scores; ``WinnerSelection``), by trial.
    public var consensus: [String: Double]

    /// The best feasible point (smallest loss), or nil when none is feasible.
    public var best: SweepRecord? { Self.best(records, objective: objective) }

    static func best(_ records: [SweepRecord], objective: Objective) -> SweepRecord? {
        records.filter { $0.state == .complete && $0.loss != nil }.min { ($0.loss!, $0.number) < ($1.loss!, $1.number) }
    }

    /// Every finished point ranked: feasible by objective, then infeasible by objective, then failed.
    public var ranking: [SweepRecord] {
        func rank(_ r: SweepRecord) -> Int {
            switch r.state {
            case .complete: 0
            case .infeasible: 1
            default: 2
            }
        }
        // Ranked attempts by their score-weighted consensus (the winner rule), then the
        // objective; the rest by the objective.
        func key(_ r: SweepRecord) -> Double {
            guard let loss = r.loss else { return .infinity }
            if let consensus = consensus[r.trial] { return -consensus - 1e6 }
            return loss
        }
        return records.sorted { a, b in
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            return (key(a), a.loss ?? .infinity, a.number) < (key(b), b.loss ?? .infinity, b.number)
        }
    }
}
