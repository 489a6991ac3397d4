import Foundation
import StrataHTTPStore
import StrataTracking
import Testing
import _StrataTestSupport

/// The remote store passes the store contract, unchanged, against a running server.
@Suite(.serialized) struct HTTPTrackingStoreConformanceTests {
    @Test(arguments: StoreConformance.checks.map(\.name))
    func conformance(_ check: String) async throws {
        try await NativeTestServer.with { server in
            let staging = FileManager.default.temporaryDirectory.appendingPathComponent("strata-staging-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: staging) }
            try await StoreConformance.run(check) {
                try HTTPTrackingStore(url: server.url, token: NativeTestServer.editorToken, artifactDirectory: staging)
            }
        }
    }
}
