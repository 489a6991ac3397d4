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

    /// Bytes logged from memory are recorded as the same file logged from disk would be.
    @Test func loggingBytesRecordsWhatLoggingTheirFileRecords() async throws {
        let store = try SQLiteTrackingStore(path: temporaryStorePath())
        let text = String(repeating: "id,label\n0,2\n", count: 100_000)
        let (fromFile, fromData) = try await Tracker.with(store: store, component: "fit") { tracker in
            (try await tracker.logArtifact(file: try sourceFile(text), name: "a.csv", mediaType: "text/csv"),
             try await tracker.logArtifact(data: Data(text.utf8), name: "b.csv", mediaType: "text/csv"))
        }
        #expect(fromData.sha256 == fromFile.sha256)
        #expect(fromData.sizeBytes == Int64(text.utf8.count))
        #expect(fromData.mediaType == "text/csv")
        let recorded = try #require(try await store.component(named: "fit").outputs["b.csv"])
        #expect(recorded == fromData)
        #expect(try Data(contentsOf: try #require(store.artifactFileURL(recorded))) == Data(text.utf8))
        await #expect(throws: TrackingError.self) {
            try await Tracker.with(store: store, component: "fit") { tracker in
                try await tracker.logArtifact(data: Data(), name: "../escape.csv")
            }
        }
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
        // A thread of its own: a task could wait for a pool thread until the writes are over.
        let seen = ReaderCounts()
        let reader = Thread {
            while !seen.stop.load(ordering: .relaxed) {
                let data = FileManager.default.contents(atPath: copy)
                if data == nil { seen.missing.add(1, ordering: .relaxed) }
                else if !contents.contains(String(decoding: data!, as: UTF8.self)) { seen.torn.add(1, ordering: .relaxed) }
                seen.reads.add(1, ordering: .relaxed)
            }
            seen.finished.store(true, ordering: .releasing)
        }
        reader.start()
        while seen.reads.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(1)) }
        for round in 0..<100 { try await tracker.logArtifact(file: sources[round % 2], name: "labels.csv") }
        seen.stop.store(true, ordering: .relaxed)
        while !seen.finished.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(1)) }
        try await tracker.close()
        let (reads, missing, torn) = (seen.reads.load(ordering: .relaxed), seen.missing.load(ordering: .relaxed),
                                      seen.torn.load(ordering: .relaxed))
        #expect(reads > 100)
        #expect(missing == 0, "the copy was missing in \(missing) of \(reads) reads")
        #expect(torn == 0, "a partial copy was read \(torn) times")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.artifactDirectory.appendingPathComponent("fit").path)
        #expect(leftovers == ["labels.csv"], "no temporary files left")
    }
}

/// What the reader thread of ``ArtifactFileTests/replacingACopyIsAtomic()`` saw.
final class ReaderCounts: Sendable {
    let stop = Atomic(false)
    let finished = Atomic(false)
    let reads = Atomic(0)
    let missing = Atomic(0)
    let torn = Atomic(0)
}
