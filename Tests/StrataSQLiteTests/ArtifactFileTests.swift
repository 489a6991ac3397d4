import Foundation
import GRDB
import StrataSQLite
import StrataTracking
import Synchronization
import Testing

/// Artifact copies on disk: where they are recorded, moving the store, replacing a copy.
@Suite struct ArtifactFileTests {
    func sourceFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-artifact-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func movingTheStoreDirectoryKeepsArtifacts() async throws {
        let path = temporaryStorePath()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            let store = try SQLiteTrackingStore(path: path)
            try await Tracker.with(store: store, component: "fit") { tracker in
                _ = try await tracker.logArtifact(file: try sourceFile("id,label\n0,2\n"), name: "labels.csv")
            }
        }
        let moved = directory.deletingLastPathComponent().appendingPathComponent("moved-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: directory, to: moved)
        let store = try SQLiteTrackingStore(path: moved.appendingPathComponent("store.sqlite").path)
        let artifact = try #require(try await store.component(named: "fit").outputs["labels.csv"])
        let file = try #require(store.artifactFileURL(artifact))
        #expect(file.path.hasPrefix(moved.path))
        #expect(try Data(contentsOf: file) == Data("id,label\n0,2\n".utf8))
    }

    /// Stores written before copies were recorded relatively hold absolute `file://` URLs.
    @Test func absoluteURLsOfOlderStoresStillResolve() async throws {
        let store = try SQLiteTrackingStore(path: temporaryStorePath())
        _ = try await store.loadOrCreateComponent("old")
        let file = try sourceFile("x")
        try await store.apply(TrackingWriteBatch(component: "old", artifacts: [
            .init(direction: .output, name: "labels.csv", artifact: Artifact(value: file.absoluteString, sizeBytes: 1)),
        ]))
        let artifact = try #require(try await store.component(named: "old").outputs["labels.csv"])
        #expect(store.artifactFileURL(artifact)?.path == file.standardizedFileURL.path)
    }

    /// While one task replaces the copy again and again, another keeps opening it: it must
    /// always find a whole file, old or new (a remove-then-move would leave moments with none).
    @Test func replacingACopyIsAtomic() async throws {
        let store = try SQLiteTrackingStore(path: temporaryStorePath())
        let tracker = try await Tracker(store: store, component: "fit")
        let contents = (0..<2).map { version in String(repeating: "\(version)", count: 4_096) }
        let sources = try contents.map(sourceFile)
        try await tracker.logArtifact(file: sources[0], name: "labels.csv")
        let copy = store.artifactDirectory.appendingPathComponent("fit/labels.csv").path
        let stop = Atomic(false)
        let reader = Task.detached { () -> (missing: Int, torn: Int, reads: Int) in
            var missing = 0, torn = 0, reads = 0
            while !stop.load(ordering: .relaxed) {
                reads += 1
                guard let data = FileManager.default.contents(atPath: copy) else { missing += 1; continue }
                if !contents.contains(String(decoding: data, as: UTF8.self)) { torn += 1 }
            }
            return (missing, torn, reads)
        }
        for round in 0..<300 { try await tracker.logArtifact(file: sources[round % 2], name: "labels.csv") }
        stop.store(true, ordering: .relaxed)
        let seen = await reader.value
        try await tracker.close()
        #expect(seen.reads > 0)
        #expect(seen.missing == 0, "the copy was missing in \(seen.missing) of \(seen.reads) reads")
        #expect(seen.torn == 0, "a partial copy was read \(seen.torn) times")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.artifactDirectory.appendingPathComponent("fit").path)
        #expect(leftovers == ["labels.csv"], "no temporary files left")
    }
}
