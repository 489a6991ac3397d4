import Foundation
import Hummingbird
import StrataTracking

/// Writes an uploaded body to disk as it arrives: into a partial file beside the target, renamed
/// over it once complete, so a reader never sees half a file and an aborted upload leaves nothing.
enum MLflowArtifactUpload {
    static let partialPrefix = ".strata-upload-"

    /// Bytes written and their SHA-256; refuses bodies over `limit` bytes with 413.
    static func store(_ body: RequestBody, to url: URL, limit: Int) async throws -> (Int, String) {
        let manager = FileManager.default
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw MLflowErrors.invalid("\(url.lastPathComponent) is a directory of artifacts.", field: "path")
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(partialPrefix + UUID().uuidString)
        guard manager.createFile(atPath: partial.path, contents: nil), let handle = try? FileHandle(forWritingTo: partial) else {
            throw ServerError(.internalError, "Cannot write artifacts under the artifact directory.")
        }
        var hasher = SHA256Hasher()
        var size = 0
        do {
            defer { try? handle.close() }
            for try await buffer in body {
                size += buffer.readableBytes
                if size > limit {
                    throw ServerError(.payloadTooLarge, "The artifact is larger than this server accepts (\(limit) bytes).", field: "body")
                }
                buffer.withUnsafeReadableBytes { hasher.update($0) }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
        } catch {
            try? manager.removeItem(at: partial)
            throw error
        }
        if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
        try manager.moveItem(at: partial, to: url)
        return (size, hasher.finalize())
    }
}
