import Foundation
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport

func temporaryStorePath(_ label: String = "store") -> String {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("strata-sqlite-tests-\(UUID().uuidString)", isDirectory: true)
    return directory.appendingPathComponent("\(label).sqlite").path
}

/// The whole TrackingStore contract, once per check, on a file store and on `memory:`.
@Suite struct StoreConformanceTests {
    @Test(arguments: StoreConformance.checks.map(\.name))
    func sqliteFile(_ check: String) async throws {
        try await StoreConformance.run(check) { try SQLiteTrackingStore(path: temporaryStorePath()) }
    }

    @Test(arguments: StoreConformance.checks.map(\.name))
    func memory(_ check: String) async throws {
        try await StoreConformance.run(check) { try openTrackingStore(url: "memory:") }
    }
}
