import Foundation
import Testing
import StrataCore
import StrataEvaluation
import StrataTransforms
import _StrataTestSupport

@Test(arguments: ["blobs", "digits", "scurve", "customers"])
func trustworthinessAtLeastUmapLearns(dataset: String) throws {
    let data = try UMAPFixtures.matrix("\(dataset).csv")
    let reference = (try UMAPFixtures.reference()["datasets"] as! [String: [String: Any]])[dataset]!
    let expected = reference["umapTrustworthiness15"] as! Double
    let embedding = try UMAP(neighborCount: 15, seed: 42).fitTransform(data)
    let t = try trustworthiness(original: data, embedding: embedding, neighborCount: 15)
    #expect(t >= expected - 0.01, "\(dataset): Strata \(t), umap-learn \(expected)")
}

@Test func seededRunsAreIdenticalWithTwoThreads() throws {
    let data = try UMAPFixtures.matrix("customers.csv")
    let config = UMAP(neighborCount: 10, componentCount: 3, epochCount: 60, seed: 9)
    // One thread runs every chunk inline in order; two split them: the bits must not change.
    let first = try Parallel.withThreadCount(1) { try config.fit(data).embedding }
    let second = try Parallel.withThreadCount(2) { try config.fit(data).embedding }
    #expect(first == second)
}

@Test func transformPutsTrainingPointsBackAndNewPointsInTheirCluster() throws {
    let data = try UMAPFixtures.matrix("blobs.csv")
    let labels = try UMAPFixtures.rows("blobs_labels.csv").map { Int($0[0]) }
    // Fit on rows 0..<500, hold out the rest.
    let train = data.selectingRows(0..<500), held = data.selectingRows(500..<600)
    let model = try UMAP(neighborCount: 15, seed: 3).fit(train)
    let emb = model.embedding
    var centroid = [Float](repeating: 0, count: 2)
    for i in 0..<emb.rows { for t in 0..<2 { centroid[t] += emb[i, t] / Float(emb.rows) } }
    var spread: Float = 0
    for i in 0..<emb.rows { spread += hypotf(emb[i, 0] - centroid[0], emb[i, 1] - centroid[1]) / Float(emb.rows) }

    let again = try model.transform(train.selectingRows(0..<100))
    var meanShift: Float = 0
    for i in 0..<100 { meanShift += hypotf(again[i, 0] - emb[i, 0], again[i, 1] - emb[i, 1]) / 100 }
    #expect(meanShift < 0.1 * spread, "training points moved \(meanShift) on average (spread \(spread))")

    var centres = [Int: (Float, Float, Float)]()
    for i in 0..<500 { let c = centres[labels[i]] ?? (0, 0, 0); centres[labels[i]] = (c.0 + emb[i, 0], c.1 + emb[i, 1], c.2 + 1) }
    let placed = try model.transform(held)
    var correct = 0
    for i in 0..<100 {
        let best = centres.min { a, b in
            hypotf(placed[i, 0] - a.value.0 / a.value.2, placed[i, 1] - a.value.1 / a.value.2)
                < hypotf(placed[i, 0] - b.value.0 / b.value.2, placed[i, 1] - b.value.1 / b.value.2)
        }!.key
        if best == labels[500 + i] { correct += 1 }
    }
    #expect(correct >= 95, "\(correct)/100 held-out points landed in their cluster")

    let alone = try model.transform(held.selectingRows([7]))
    #expect(alone.row(0) == placed.row(7))
}

@Test func compactModelRoundTripsWithoutTrainingData() throws {
    let data = try UMAPFixtures.matrix("scurve.csv")
    let model = try UMAP(neighborCount: 10, epochCount: 50, seed: 1).fit(data)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("umap-\(UUID()).strata-umap")
    defer { try? FileManager.default.removeItem(at: url) }
    try model.write(to: url, includeTrainingData: false)
    let loaded = try UMAP.Model.read(from: url)
    #expect(loaded.embedding == model.embedding)
    #expect(loaded.trainingData == nil)
    #expect(throws: StrataError.self) { try loaded.transform(data.selectingRows(0..<2)) }
    try model.write(to: url, includeTrainingData: true)
    let full = try UMAP.Model.read(from: url)
    #expect(try full.transform(data.selectingRows(0..<5)) == (try model.transform(data.selectingRows(0..<5))))
}

/// A model read from a damaged file can disagree with itself (a component count or embedding
/// shape that does not match): `transform` refuses it with an error before sizing anything by it.
@Test func umapTransformRefusesAnInconsistentModel() throws {
    let training = try Matrix(rows: 4, columns: 2, values: [0, 0, 1, 0, 0, 1, 1, 1])
    let embedding = try Matrix(rows: 4, columns: 2, values: [0, 0, 1, 0, 0, 1, 1, 1])
    let huge = UMAP.Model(configuration: UMAP(neighborCount: 2, componentCount: 1 << 40), embedding: embedding, a: 1.6, b: 0.9,
                          trainingData: training, graph: nil)
    #expect(throws: StrataError.self) { try huge.transform(training) }
    let short = UMAP.Model(configuration: UMAP(neighborCount: 2, componentCount: 2), embedding: try Matrix(rows: 3, columns: 2, values: Array(repeating: 0, count: 6)),
                           a: 1.6, b: 0.9, trainingData: training, graph: nil)
    #expect(throws: StrataError.self) { try short.transform(training) }
    let good = UMAP.Model(configuration: UMAP(neighborCount: 2, componentCount: 2), embedding: embedding, a: 1.6, b: 0.9, trainingData: training, graph: nil)
    #expect(try good.transform(training).rows == 4)
}
