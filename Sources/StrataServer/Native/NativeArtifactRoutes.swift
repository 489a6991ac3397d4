import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import StrataTracking

/// `PUT|GET /api/v1/components/{name}/artifacts/{artifact}`: files kept at
/// `<artifact root>/<component>/<artifact>`, streamed both ways. An upload is limited to
/// `maxArtifactSize` bytes, hashed (SHA-256) while it streams, checked against the client's
/// `X-Content-SHA256` (hex) or `Digest: sha-256=<base64>` when sent, and moved into place
/// atomically; names are single plain path components (the Tracker's rule), so nothing lands
/// outside the root. Recording the artifact on the component is a separate write (`/writes`).
enum NativeArtifactRoutes {
    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        let configuration = routes.services.configuration
        routes.add(.put, "/api/v1/components/:name/artifacts/:artifact", api: .native, rule: .write) { request, context in
            let (component, name) = try names(context)
            _ = try await store.component(named: component)
            let expected = try expectedDigest(request)
            if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > Int64(configuration.maxArtifactSize) {
                throw tooLarge(configuration.maxArtifactSize)
            }
            let directory = configuration.artifactRoot.appendingPathComponent(component, isDirectory: true)
            let destination = directory.appendingPathComponent(name, isDirectory: false)
            let (size, digest) = try await receive(request.body, into: directory, limit: configuration.maxArtifactSize, context: context) { temporary, digest in
                if let expected, expected != digest {
                    throw ServerError(.badRequest, "The upload's SHA-256 is \(digest), not \(expected) as the request said; nothing was stored.",
                                      field: "X-Content-SHA256")
                }
                if rename(temporary.path, destination.path) != 0 {
                    throw ServerError(.internalError, "cannot move the upload into \(destination.path): \(String(cString: strerror(errno)))")
                }
            }
            let reply = NativeReply.StoredArtifact(component: component, name: name, value: "\(component)/\(name)",
                                                   sizeBytes: size, sha256: digest)
            return try NativeHTTP.json(reply, status: .created)
        }
        routes.add(.get, "/api/v1/components/:name/artifacts/:artifact", api: .native, rule: .read) { _, context in
            let (component, name) = try names(context)
            let scope = try NativeScope(store, context)
            let stored = try await store.component(named: component)
            try await scope.requireRead(component: stored)
            let file = configuration.artifactRoot.appendingPathComponent(component, isDirectory: true)
                .appendingPathComponent(name, isDirectory: false)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw ServerError.notFound("Component \"\(component)\" has no stored artifact file \"\(name)\".")
            }
            let body = try await FileIO().loadFile(path: file.path, context: context)
            var headers = HTTPFields()
            headers[.contentType] = "application/octet-stream"
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    static func names(_ context: StrataRequestContext) throws -> (component: String, artifact: String) {
        let component = try NativeHTTP.path("name", context)
        let artifact = try NativeHTTP.path("artifact", context)
        try TrackingLimits.validateName(component, kind: .component)
        do { try Tracker.validateArtifactFileName(artifact) } catch {
            var failure = ServerError(error)
            failure.field = "artifact"
            throw failure
        }
        return (component, artifact)
    }

    /// The digest the client announced, as lowercase hex.
    static func expectedDigest(_ request: Request) throws -> String? {
        if let hex = request.headers[HTTPField.Name("X-Content-SHA256")!] {
            let lower = hex.lowercased()
            guard lower.utf8.count == 64, lower.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw ServerError.badRequest("X-Content-SHA256 must be 64 hex digits.", field: "X-Content-SHA256")
            }
            return lower
        }
        guard let digest = request.headers[HTTPField.Name("Digest")!] else { return nil }
        for part in digest.split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard item.lowercased().hasPrefix("sha-256=") else { continue }
            guard let bytes = Data(base64Encoded: String(item.dropFirst("sha-256=".count))), bytes.count == 32 else {
                throw ServerError.badRequest("Digest sha-256 must be the base64 of 32 bytes.", field: "Digest")
            }
            return bytes.map { String(format: "%02x", $0) }.joined()
        }
        return nil
    }

    static func tooLarge(_ limit: Int) -> ServerError {
        ServerError(.payloadTooLarge, "The artifact is larger than this server accepts (\(limit) bytes).", field: "body")
    }

    /// Streams `body` into a temporary file in `directory`, hashing and counting; `finish`
    /// moves it into place (or throws, and the temporary file is removed).
    static func receive(_ body: RequestBody, into directory: URL, limit: Int, context: StrataRequestContext,
                        finish: (URL, String) throws -> Void) async throws -> (Int64, String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).partial")
        let meter = UploadMeter(limit: limit)
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ServerError(.internalError, "cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                for try await buffer in body {
                    try meter.add(buffer)
                    try handle.write(contentsOf: Data(buffer.readableBytesView))
                }
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            let (size, digest) = meter.result
            try finish(temporary, digest)
            return (size, digest)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if meter.exceeded { throw tooLarge(limit) }
            throw error
        }
    }
}

/// Size and SHA-256 of an upload as its chunks pass by; refuses more than `limit` bytes.
final class UploadMeter: Sendable {
    private struct State {
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        var exceeded = false
    }

    private let state = NIOLockedValueBox(State())
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func add(_ buffer: ByteBuffer) throws {
        let over = state.withLockedValue { state -> Bool in
            state.size += Int64(buffer.readableBytes)
            if state.size > Int64(limit) { state.exceeded = true; return true }
            buffer.withUnsafeReadableBytes { state.hasher.update($0) }
            return false
        }
        if over { throw NativeArtifactRoutes.tooLarge(limit) }
    }

    var exceeded: Bool { state.withLockedValue { $0.exceeded } }

    var result: (Int64, String) {
        state.withLockedValue { state in (state.size, state.hasher.finalize()) }
    }
}
