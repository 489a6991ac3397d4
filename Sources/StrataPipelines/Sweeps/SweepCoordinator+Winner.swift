import Foundation
import StrataTracking

extension SweepCoordinator {
    /// Ranks the finished points with ``WinnerSelection`` (maximised objectives) or by the
    /// objective alone (minimised ones), and records each point's consensus and winner score in
    /// its trial's metadata.
    func selectWinner(_ records: [SweepRecord]) async throws -> (winner: SweepRecord?, ranked: [String: WinnerSelection.Ranked]) {
        let c = configuration
        let feasible = records.filter { $0.state == .complete && $0.loss != nil }
        guard spec.objective.direction == .maximize, feasible.count > 1 else {
            return (SweepSummary.best(records, objective: spec.objective), [:])
        }
        // Only the compared rows of each attempt are kept: hundreds of attempts over a million
        // rows would otherwise hold gigabytes of labels.
        let selection = WinnerSelection()
        var attempts: [WinnerSelection.Attempt] = []
        var sample: (rows: Int, positions: [Int])?
        for record in feasible {
            guard let labels = try await Self.labels(of: record.trial, in: store) else { continue }
            let positions = sample?.positions ?? selection.sampledRows(of: labels.count)
            guard labels.count == sample?.rows ?? labels.count else {
                throw PipelineError.failed("attempts of one sweep must label the same rows: \(record.trial) labels \(labels.count), \(attempts[0].id) labels \(sample!.rows)")
            }
            sample = (labels.count, positions)
            attempts.append(.init(id: record.trial, labels: positions.map { labels[$0] }, score: -record.loss!,
                                  feasible: true))
        }
        if attempts.count < feasible.count {
            progress?("the labels of \(feasible.count - attempts.count) of \(feasible.count) finished attempts could not be read back; the winner is chosen among the other \(attempts.count)")
        }
        let ranked = try selection.rank(sampled: attempts)
        var byTrial: [String: WinnerSelection.Ranked] = [:]
        for r in ranked {
            byTrial[r.id] = r
            _ = try? await store.updateTrial(r.id, EntityUpdate(metadata: ["sweep.consensus": String(r.consensus), "sweep.winner_score": String(r.winnerScore)]))
        }
        let winner = ranked.first.flatMap { top in records.first { $0.trial == top.id } }
        if let winner { _ = try? await store.updateExperiment(c.experiment, EntityUpdate(setTags: ["sweep:\(c.sweep):winner": winner.trial])) }
        return (winner ?? SweepSummary.best(records, objective: spec.objective), byTrial)
    }

    /// The labels a point recorded (its cluster component's `labels.csv`).
    public static func labels(of trial: String, in store: any TrackingStore) async throws -> [Int]? {
        guard let component = try? await store.component(named: "\(trial)-cluster"),
              let artifact = component.outputs["labels.csv"],
              // Through the store: a server's store downloads it, a local one reads the file.
              let bytes = try? await store.artifactContents(artifact) else { return nil }
        return parseLabels(bytes)
    }

    /// The label column of a `labels.csv` as written by `CSVWriter.writeLabels` (`id,label`
    /// with a header): the integer after each record's last comma outside quotes. Nil when a
    /// record has no integer there.
    ///
    /// The end of a sweep reads every attempt's file; going byte by byte, without a `String`
    /// per line, keeps that a small part of the sweep even at a million rows per attempt.
    package static func parseLabels(_ bytes: Data) -> [Int]? {
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Int]? in
            let b = raw.bindMemory(to: UInt8.self)
            var labels: [Int] = []
            labels.reserveCapacity(b.count / 8)
            var i = 0
            var isHeader = true
            while i < b.count {
                // One record: remember where the last field outside quotes starts.
                let recordStart = i
                var fieldStart = i, quoted = false
                while i < b.count {
                    let c = b[i]
                    if c == 0x22 { quoted.toggle() }
                    else if !quoted && c == 0x2C { fieldStart = i + 1 }
                    else if !quoted && c == 0x0A { break }
                    i += 1
                }
                var end = i
                i += 1
                if end > fieldStart && b[end - 1] == 0x0D { end -= 1 }
                if isHeader { isHeader = false; continue }
                if end == recordStart { continue }  // a blank line
                var p = fieldStart, negative = false, value = 0
                if p < end && b[p] == 0x2D { negative = true; p += 1 }
                guard p < end else { return nil }
                while p < end {
                    let digit = Int(b[p]) &- 0x30
                    guard digit >= 0 && digit <= 9 else { return nil }
                    let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    guard !overflow1 && !overflow2 else { return nil }
                    value = sum
                    p += 1
                }
                labels.append(negative ? -value : value)
            }
            return labels
        }
    }
}
