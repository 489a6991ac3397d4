import AsyncHTTPClient
import Foundation
import NIOCore
import StrataTracking

extension HTTPTrackingStore {
    /// Validates the batch here (the same ``TrackingError``s as a local store, before any
    /// request), uploads the staged files it records, then applies it in one request.
    public func apply(_ batch: TrackingWriteBatch) async throws {
        try await applyFuture(batch).get()
    }

    /// ``apply(_:)`` waiting on the HTTP client's event loop (not on Swift's cooperative pool).
    public func applySynchronously(_ batch: TrackingWriteBatch) throws {
        try applyFuture(batch).wait()
    }

    func applyFuture(_ batch: TrackingWriteBatch) -> EventLoopFuture<Void> {
        let loop = client.eventLoopGroup.next()
        let uploads: [StagedUpload]
        let body: Data
        do {
            try batch.validate()
            uploads = try stagedUploads(batch)
            body = try TrackingWriteEncoding.encode(batch)
        } catch {
            return loop.makeFailedFuture(error)
        }
        var chain = loop.makeSucceededVoidFuture()
        for upload in uploads {
            chain = chain.flatMap { self.upload(upload).map { _ in } }
        }
        return chain.flatMap { self.send(.POST, "/api/v1/writes", json: body).map { _ in } }
    }

    /// A file the Tracker copied into ``artifactDirectory`` that the batch records.
    struct StagedUpload {
        var component: String
        var name: String
        var file: URL
        var sha256: String?
    }

    /// The batch's artifacts whose value is `<component>/<name>` of a file staged here.
    func stagedUploads(_ batch: TrackingWriteBatch) throws -> [StagedUpload] {
        var uploads: [StagedUpload] = []
        for write in batch.artifacts {
            let parts = write.artifact.value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, parts[0] == batch.component, (try? Tracker.validateArtifactFileName(parts[1])) != nil,
                  let file = artifactFileURL(write.artifact), FileManager.default.fileExists(atPath: file.path) else { continue }
            uploads.append(StagedUpload(component: parts[0], name: parts[1], file: file, sha256: write.artifact.sha256))
        }
        return uploads
    }

    /// `PUT /api/v1/components/{c}/artifacts/{name}`, the file streamed from disk, its SHA-256
    /// checked by the server when known.
    func upload(_ staged: StagedUpload) -> EventLoopFuture<ByteBuffer?> {
        let loop = client.eventLoopGroup.next()
        let size: Int64
        do {
            size = Int64(try staged.file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0)
        } catch {
            return loop.makeFailedFuture(TrackingError.storage("cannot read staged artifact \(staged.file.path): \(error)"))
        }
        let path = staged.file.path
        let body = HTTPClient.Body.stream(contentLength: size) { writer in
            Self.streamFile(path, to: writer, on: loop)
        }
        return send(.PUT, "/api/v1/components/\(Self.segment(staged.component))/artifacts/\(Self.segment(staged.name))",
                    body: body, headers: staged.sha256.map { [("X-Content-SHA256", $0)] } ?? [])
    }

    /// Writes the file in 1 MiB chunks, each after the previous one was accepted.
    static func streamFile(_ path: String, to writer: HTTPClient.Body.StreamWriter, on loop: any EventLoop) -> EventLoopFuture<Void> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return loop.makeFailedFuture(TrackingError.storage("cannot open staged artifact \(path)"))
        }
        let promise = loop.makePromise(of: Void.self)
        @Sendable func next() {
            do {
                guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else {
                    try? handle.close()
                    promise.succeed()
                    return
                }
                writer.write(.byteBuffer(ByteBuffer(bytes: chunk))).whenComplete { result in
                    switch result {
                    case .success: next()
                    case .failure(let error): try? handle.close(); promise.fail(error)
                    }
                }
            } catch {
                try? handle.close()
                promise.fail(error)
            }
        }
        next()
        return promise.futureResult
    }
}
