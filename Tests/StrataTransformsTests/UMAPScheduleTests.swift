import Testing
import StrataCore
import StrataTransforms

/// umap-learn's two float64 clocks per edge (`optimize_layout_euclidean`), transcribed: the
/// reference the closed-form fixed-point schedule must reproduce.
private func umapLearnSchedule(weight: Double, maximum: Double, epochs: Int, rate: Double) -> [(epoch: Int, negatives: Int)] {
    let samples = Double(epochs) * weight / maximum
    guard samples > 0 else { return [] }
    let epochsPerSample = Double(epochs) / samples
    let epochsPerNegative = epochsPerSample / rate
    var next = epochsPerSample, nextNegative = epochsPerNegative
    var out: [(epoch: Int, negatives: Int)] = []
    for n in 0..<epochs where next <= Double(n) {
        next += epochsPerSample
        let negatives = Int((Double(n) - nextNegative) / epochsPerNegative)   // Python int(): toward zero
        nextNegative += Double(negatives) * epochsPerNegative
        out.append((n, max(negatives, 0)))
    }
    return out
}

@Test(arguments: [5.0, 2.5, 1.0])
func closedFormScheduleEqualsUmapLearnsClocks(rate: Double) {
    var generator = SeededGenerator(seed: 11)
    let epochs = 200
    // Weights spread over (max/epochs, max], as after umap-learn's trimming.
    let weights = (0..<2_000).map { _ in Float(0.005 + 0.995 * generator.nextUnit()) }
    let maximum = weights.max()!
    let schedule = UMAPSchedule(weights: weights, maximumWeight: maximum, negativeSampleRate: Float(rate))
    var identical = 0, firings = 0, negatives = 0, referenceFirings = 0, referenceNegatives = 0
    for e in weights.indices {
        let ours = schedule.samples(edge: e, epochCount: epochs)
        let theirs = umapLearnSchedule(weight: Double(weights[e]), maximum: Double(maximum), epochs: epochs, rate: rate)
        if ours.map(\.epoch) == theirs.map(\.epoch) && ours.map(\.negatives) == theirs.map(\.negatives) { identical += 1 }
        #expect(abs(ours.count - theirs.count) <= 1, "edge \(e): \(ours.count) vs \(theirs.count) samples")
        firings += ours.count; referenceFirings += theirs.count
        negatives += ours.reduce(0) { $0 + $1.negatives }
        referenceNegatives += theirs.reduce(0) { $0 + $1.negatives }
    }
    // Only float64 rounding ties (n·r within ~1e-9 of an integer) may differ.
    #expect(identical >= 1_990, "\(identical) of 2,000 edges with umap-learn's exact sequence")
    #expect(abs(firings - referenceFirings) <= 10)
    #expect(abs(negatives - referenceNegatives) <= 20)
}

@Test func strongestEdgeFiresEveryEpochAfterTheFirst() {
    let schedule = UMAPSchedule(weights: [1, 0.5, 0], maximumWeight: 1, negativeSampleRate: 5)
    let strongest = schedule.samples(edge: 0, epochCount: 200)
    #expect(strongest.map(\.epoch) == Array(1..<200))
    #expect(strongest.first?.negatives == 4)                  // ⌊5·1·1⌋ − 1
    #expect(strongest.dropFirst().allSatisfy { $0.negatives == 5 })
    #expect(schedule.samples(edge: 1, epochCount: 200).map(\.epoch) == Array(stride(from: 2, to: 200, by: 2)))
    #expect(schedule.samples(edge: 2, epochCount: 200).isEmpty)
}
