import Testing
import StrataPipelines

/// The winner rule on hand-made labelings: agreement with the well-scored attempts decides, not
/// the candidate's own score.
struct WinnerSelectionTests {
    /// Four groups of 10 rows.
    static let segments = (0..<40).map { $0 / 10 }
    /// The same groups, each split in half (a finer partition of the same structure).
    static let halves = (0..<40).map { $0 / 5 }
    /// Unrelated to the groups.
    static let stripes = (0..<40).map { $0 % 4 }

    @Test func attemptTheWellScoredAttemptsAgreeWithWinsOverAHigherScoredSplit() throws {
        let ranked = try WinnerSelection().rank([
            .init(id: "split", labels: Self.halves, score: 0.30, feasible: true),
            .init(id: "segments", labels: Self.segments, score: 0.20, feasible: true),
            .init(id: "segments-again", labels: Self.segments, score: 0.20, feasible: true),
            .init(id: "stripes", labels: Self.stripes, score: 0.05, feasible: true),
        ])
        #expect(ranked.map(\.id) == ["segments", "segments-again", "split", "stripes"])
        // Score × plain consensus (the rule before) ranks the split first: 0.30 × 0.34 > 0.20 × 0.49.
        #expect(ranked[0].consensus > ranked[2].consensus)
        #expect(ranked[0].winnerScore == ranked[0].consensus)
    }

    @Test func negativeScoresHaveNoVoteAndInfeasibleAttemptsAreLeftOut() throws {
        let voters: [WinnerSelection.Attempt] = [
            .init(id: "a", labels: Self.segments, score: 0.2, feasible: true),
            .init(id: "c", labels: Self.halves, score: 0.1, feasible: true),
            .init(id: "d", labels: Self.stripes, score: 0.05, feasible: true),
        ]
        let alone = try WinnerSelection().rank(voters)
        let withOthers = try WinnerSelection().rank(voters + [
            // Agrees fully with "d"; scored below 0, so it must change no one's consensus.
            .init(id: "negative", labels: Self.stripes, score: -0.1, feasible: true),
            .init(id: "off", labels: Self.stripes, score: 0.9, feasible: false),
        ])
        #expect(Set(withOthers.map(\.id)) == ["a", "c", "d", "negative"])
        for r in alone {
            #expect(withOthers.first { $0.id == r.id }?.consensus == r.consensus, "\(r.id)")
        }
        let single = try WinnerSelection().rank([.init(id: "only", labels: Self.segments, score: 0.1, feasible: true)])
        #expect(single.first?.consensus == 1)
    }

    /// A sweep hands over only the sampled rows of each attempt; the ranking must be the one
    /// computed from the full labelings.
    @Test func rankingSampledLabelsEqualsRankingTheFullOnes() throws {
        let selection = WinnerSelection(sampleSize: 25, seed: 4)
        let sample = selection.sampledRows(of: 40)
        #expect(sample.count == 25 && sample == sample.sorted() && Set(sample).count == 25)
        #expect(selection.sampledRows(of: 20) == Array(0..<20))
        let attempts: [WinnerSelection.Attempt] = [
            .init(id: "split", labels: Self.halves, score: 0.30, feasible: true),
            .init(id: "segments", labels: Self.segments, score: 0.20, feasible: true),
            .init(id: "stripes", labels: Self.stripes, score: 0.05, feasible: true),
            .init(id: "off", labels: [0], score: 0.9, feasible: false),
        ]
        let full = try selection.rank(attempts)
        let sampled = try selection.rank(sampled: attempts.map { attempt in
            var a = attempt
            if a.feasible { a.labels = sample.map { attempt.labels[$0] } }
            return a
        })
        #expect(full.map(\.id) == sampled.map(\.id))
        #expect(full.map(\.consensus) == sampled.map(\.consensus))
        #expect(throws: (any Error).self) {
            try selection.rank([attempts[0], .init(id: "short", labels: [0, 1], score: 0.1, feasible: true)])
        }
    }
}
