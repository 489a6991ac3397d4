import Foundation
import GRDB
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport

/// The AccessStore contract on a SQLite file, once per check; and the users table survives reopening.
@Suite struct AccessStoreSQLiteTests {
    @Test(arguments: AccessStoreConformance.checks.map(\.name))
    func sqliteFile(_ check: String) async throws {
        try await AccessStoreConformance.run(check) { try SQLiteTrackingStore(path: temporaryStorePath()) }
    }

    @Test func usersSurviveReopening() async throws {
        let path = temporaryStorePath()
        let ana = AccessStoreConformance.sampleUser("ana", role: .viewer, experiments: ["churn"])
        try await SQLiteTrackingStore(path: path).addUser(ana)
        let reopened = try SQLiteTrackingStore(path: path)
        #expect(try await reopened.user(named: "ana") == ana)
        let migrations = try reopened.readDatabase { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations.contains("v2-users"))
    }
}
