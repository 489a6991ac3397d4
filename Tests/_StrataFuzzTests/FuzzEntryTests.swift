import Foundation
import Testing
import StrataCore
import _StrataFuzz

/// Thousands of seeded mutations of valid inputs per format: each must be accepted or refused
/// with the format's documented error — a trap would end the test process. The libFuzzer run
/// (Benchmarks/fuzz.sh) explores further; inputs it once crashed on are kept in `regressions`.
@Suite struct FuzzEntryTests {
    static let mutationsPerEntry = 3000

    @Test(arguments: FuzzEntry.all.map(\.name))
    func seedsAreAcceptedAndMutationsOnlyThrowDocumentedErrors(_ name: String) throws {
        let entry = try #require(FuzzEntry.named(name))
        let seeds = try entry.seeds()
        for (i, seed) in seeds.enumerated() { #expect(entry.check(seed) == .accepted, "\(name): seed \(i) is refused") }
        var mutator = Mutator(seeds: seeds, seed: 0x5EED)
        var accepted = 0, rejected = 0
        for index in 0..<Self.mutationsPerEntry {
            switch entry.check(mutator.next()) {
            case .accepted: accepted += 1
            case .rejected: rejected += 1
            case .unexpected(let message): Issue.record("\(name): mutation \(index): \(message)")
            }
        }
        // Both outcomes must occur, or the mutations miss the format (all refused) or the checks (all accepted).
        #expect(accepted > 0 && rejected > 0, "\(name): \(accepted) accepted, \(rejected) refused")
    }

    @Test func mutatorIsSeeded() {
        var a = Mutator(seeds: [Array("id,x\n1,2\n".utf8)], seed: 3), b = Mutator(seeds: [Array("id,x\n1,2\n".utf8)], seed: 3)
        let first = (0..<50).map { _ in a.next() }
        #expect(first == (0..<50).map { _ in b.next() })
        #expect(Set(first).count > 25)
    }

    /// Inputs the libFuzzer harness or review found; each once trapped or slipped through.
    static let regressions: [(entry: String, bytes: [UInt8])] = {
        func umap(_ header: String, values: Int, length: UInt64? = nil) -> [UInt8] {
            var out = Array("STRATAUMAP1\n".utf8)
            let json = Array(header.utf8)
            let l = length ?? UInt64(json.count)
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: l >> (8 * UInt64(i)))) }
            return out + json + [UInt8](repeating: 0, count: 4 * values)
        }
        let config = #"{"neighborCount":4,"componentCount":2,"minimumDistance":0.1,"spread":1,"learningRate":1,"negativeSampleRate":5,"repulsionStrength":1,"setOpMixRatio":1,"localConnectivity":1,"metric":"euclidean","initialization":"spectral","seed":0,"exactNeighborThreshold":4096}"#
        return [
            ("umap-model", umap("{}", values: 0, length: UInt64.max)),                 // Int(UInt64) trapped
            ("umap-model", umap("{}", values: 0, length: UInt64(Int.max))),            // offset + length overflowed
            ("umap-model", umap(#"{"configuration":\#(config),"a":1.5,"b":0.9,"rows":-3,"componentCount":2}"#, values: 0)),
            ("umap-model", umap(#"{"configuration":\#(config),"a":1.5,"b":0.9,"rows":4611686018427387904,"componentCount":2}"#, values: 0)),
            ("umap-model", umap(#"{"configuration":\#(config),"a":1.5,"b":0.9,"rows":3,"componentCount":5,"trainingColumns":1}"#, values: 18)),
            ("umap-model", umap(#"{"configuration":\#(config),"a":1.5,"b":0.9,"rows":3,"componentCount":2,"trainingColumns":-2}"#, values: 0)),
            ("pca-model", Array(#"{"mean":[0,0],"components":[[1]],"explainedVariance":[1],"explainedVarianceRatio":[1],"singularValues":[1],"noiseVariance":0,"sampleCount":3,"featureNames":["a","b"],"whiten":false,"solver":"exact"}"#.utf8)),
        ]
    }()

    @Test(arguments: regressions.indices)
    func foundInputsAreRefusedWithOneError(_ index: Int) throws {
        let (name, bytes) = Self.regressions[index]
        let outcome = try #require(FuzzEntry.named(name)).check(bytes)
        guard case .rejected(let message) = outcome else { Issue.record("\(name) #\(index): \(outcome)"); return }
        if name == "umap-model" { #expect(message.hasPrefix("fuzz.umap is not a valid Strata UMAP model file: "), "\(message)") }
    }
}
