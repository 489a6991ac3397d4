import Foundation
import Hummingbird
import StrataTracking

/// The artifact proxy `/api/2.0/mlflow-artifacts/artifacts/<experiment id>/<run id>/artifacts/<path>`
/// as `mlflow-artifacts:` URIs resolve: PUT uploads (streamed to disk, at most
/// `maxArtifactSize` bytes, SHA-256 computed on the way), GET downloads (streamed), GET with
/// `?path=` lists a directory, DELETE removes a file or directory.
///
/// A run's files live where the record keeps a component's copied artifacts,
/// `<artifact directory>/<run id>/<path>` (so `strata` reads them, and deleting the component
/// deletes them); each upload is also recorded as an output artifact of the run's component.
/// Every path segment is checked (no empty, `.`, `..`, NUL or backslash segments), so a name
/// never leaves the run's directory.
enum MLflowArtifactRoutes {
    static let prefix = "/api/2.0/mlflow-artifacts/artifacts"

    /// A run's artifact path resolved to a file.
    struct Location {
        var run: MLflowRecord.Run
        /// Inside the run, `/`-joined; empty for the run's root.
        var path: String
        var url: URL
    }

    static func register(on routes: GuardedRoutes) {
        let record = MLflowRecord(store: routes.services.store)
        let services = routes.services

        routes.add(.get, prefix, api: .mlflow, rule: .read) { request, context in
            let location = try await resolve(request.mlflowOptionalQuery("path") ?? "", record: record, services: services)
            try context.requireRead(experiment: location.run.experiment)
            return try MLflowAPI.reply(ListReply(files: try list(location.url)))
        }

        routes.add(.get, prefix + "/**", api: .mlflow, rule: .read) { request, context in
            let location = try await resolve(catchAll(context), record: record, services: services)
            try context.requireRead(experiment: location.run.experiment)
            return try download(location.url)
        }

        routes.add(.put, prefix + "/**", api: .mlflow, rule: .write) { request, context in
            let location = try await resolve(catchAll(context), record: record, services: services)
            guard !location.path.isEmpty else { throw MLflowErrors.invalid("An artifact path names a file inside the run's artifacts.", field: "path") }
            let (size, sha256) = try await MLflowArtifactUpload.store(request.body, to: location.url,
                                                                     limit: services.configuration.maxArtifactSize)
            let artifact = Artifact(value: "\(location.run.component.name)/\(location.path)",
                                    mediaType: request.headers[.contentType].flatMap { $0.isEmpty ? nil : $0 },
                                    sizeBytes: Int64(size), sha256: sha256)
            try await services.store.apply(TrackingWriteBatch(component: location.run.component.name,
                                                              artifacts: [.init(direction: .output, name: location.path, artifact: artifact)]))
            return MLflowAPI.empty()
        }

        routes.add(.delete, prefix + "/**", api: .mlflow, rule: .write) { request, context in
            let location = try await resolve(catchAll(context), record: record, services: services)
            guard FileManager.default.fileExists(atPath: location.url.path) else {
                throw MLflowErrors.notFound("No artifact at \(location.path).")
            }
            try FileManager.default.removeItem(at: location.url)
            return MLflowAPI.empty()
        }
    }

    struct FileInfo: Encodable { var path: String; var isDir: Bool; var fileSize: Int64? }
    struct ListReply: Encodable { var files: [FileInfo] }

    static func catchAll(_ context: StrataRequestContext) -> String {
        context.parameters.getCatchAll().map { $0.removingPercentEncoding ?? String($0) }.joined(separator: "/")
    }

    /// `<experiment id>/<run id>/artifacts[/<path>]` → the run and the file; anything else is refused.
    static func resolve(_ path: String, record: MLflowRecord, services: ServerServices) async throws -> Location {
        // Empty segments (doubled or trailing slashes) are dropped; the rest must be plain names.
        let parts = path.split(separator: "/").map(String.init)
        for part in parts where part == "." || part == ".." || part.contains("\0") || part.contains("\\") {
            throw MLflowErrors.invalid("Invalid artifact path \"\(path)\": '.', '..', NUL and backslash segments are not allowed.", field: "path")
        }
        guard parts.count >= 3, parts[2] == "artifacts" else {
            throw MLflowErrors.invalid("Invalid artifact path \"\(path)\": expected <experiment id>/<run id>/artifacts/<path>.", field: "path")
        }
        let run = try await record.run(id: parts[1])
        guard MLflowNaming.experimentID(strataName: run.experiment) == parts[0] else {
            throw MLflowErrors.notFound("Run \(parts[1]) is not in experiment \(parts[0]).")
        }
        let inner = parts.dropFirst(3).joined(separator: "/")
        var url = services.store.artifactDirectory.appendingPathComponent(run.component.name, isDirectory: true)
        for part in parts.dropFirst(3) { url.appendPathComponent(part) }
        return Location(run: run, path: inner, url: url)
    }

    static func list(_ directory: URL) throws -> [FileInfo] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else {
            let size = (try? manager.attributesOfItem(atPath: directory.path)[.size] as? NSNumber)?.int64Value
            return [FileInfo(path: directory.lastPathComponent, isDir: false, fileSize: size)]
        }
        return try manager.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(MLflowArtifactUpload.partialPrefix) }.sorted().map { name in
            var childIsDirectory: ObjCBool = false
            let child = directory.appendingPathComponent(name)
            _ = manager.fileExists(atPath: child.path, isDirectory: &childIsDirectory)
            let size = childIsDirectory.boolValue ? nil : (try? manager.attributesOfItem(atPath: child.path)[.size] as? NSNumber)?.int64Value
            return FileInfo(path: name, isDir: childIsDirectory.boolValue, fileSize: size)
        }
    }

    static func download(_ url: URL) throws -> Response {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = try? FileHandle(forReadingFrom: url) else {
            throw MLflowErrors.notFound("No artifact file at \(url.lastPathComponent).")
        }
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
