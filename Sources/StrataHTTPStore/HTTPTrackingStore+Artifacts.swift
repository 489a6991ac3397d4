import Foundation
import NIOCore
import NIOHTTP1
import StrataTracking

extension HTTPTrackingStore {
    /// Downloads `GET /api/v1/components/{c}/artifacts/{name}` for an artifact recorded as
    /// `<component>/<name>` (how the Tracker records every file it copies); the server checks
    /// that the caller may read the component. Other values (absolute paths, `s3://…`) name
    /// files on some other machine and throw.
    public func artifactContents(_ artifact: Artifact) async throws -> Data {
        let parts = artifact.value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, (try? TrackingLimits.validateName(parts[0], kind: .component)) != nil,
              (try? Tracker.validateArtifactFileName(parts[1])) != nil else {
            throw TrackingError.storage("artifact \"\(artifact.value)\" is not stored on the server \(baseURL) (only files recorded as <component>/<name> are)")
        }
        let body = try await send(.GET, "/api/v1/components/\(Self.segment(parts[0]))/artifacts/\(Self.segment(parts[1]))").get()
        return body.map { Data($0.readableBytesView) } ?? Data()
    }
}
