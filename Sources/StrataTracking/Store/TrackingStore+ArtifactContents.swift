import Foundation

extension TrackingStore {
    /// Reads the local file ``artifactFileURL(_:)`` names: what every store that keeps its
    /// artifacts on this machine does.
    public func artifactContents(_ artifact: Artifact) async throws -> Data {
        guard let url = artifactFileURL(artifact) else {
            throw TrackingError.storage("artifact \"\(artifact.value)\" is not a file this store can read (only files under its artifact directory, absolute paths and file:// URLs)")
        }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw TrackingError.storage("artifact \"\(artifact.value)\": cannot read \(url.path) (\(Self.reason(error)))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return nsError.localizedDescription
    }
}
