import Foundation

extension Tracker {
    /// Copies `file` into `<store artifacts>/<component>/<name>` and records it as an output (or
    /// input) artifact with its size and SHA-256; `name` defaults to the file's name. The value
    /// recorded is the copy's path relative to the artifact directory (`<component>/<name>`), so
    /// the store can be moved; ``TrackingStore/artifactFileURL(_:)`` resolves it. Logging the
    /// same name again replaces the copy atomically (a reader sees the old file or the new one).
    ///
    /// ```swift
    /// let artifact = try await tracker.logArtifact(file: URL(fileURLWithPath: "labels.csv"), mediaType: "text/csv")
    /// artifact.sha256   // "9f86d0…"
    /// ```
    ///
    /// Names that could leave the directory (`..`, `/`, `\`, an absolute path, NUL, a leading
    /// dot) throw ``TrackingError/unsafeArtifactName(_:)``. O(file size), streamed in 1 MiB chunks.
    @discardableResult
    nonisolated(nonsending) public func logArtifact(file: URL, name: String? = nil, mediaType: String? = nil,
                            direction: ArtifactDirection = .output) async throws -> Artifact {
        try checkUsable()
        let artifactName = name ?? file.lastPathComponent
        try Self.validateArtifactFileName(artifactName)
        let directory = store.artifactDirectory.appendingPathComponent(component, isDirectory: true)
        let destination = directory.appendingPathComponent(artifactName, isDirectory: false)
        let (size, digest) = try Self.copyHashing(from: file, to: destination, directory: directory)
        let artifact = Artifact(value: "\(component)/\(artifactName)", mediaType: mediaType, sizeBytes: size, sha256: digest)
        try await logArtifact(direction, name: artifactName, artifact)
        return artifact
    }

    /// Records `data` as artifact `name`, as ``logArtifact(file:name:mediaType:direction:)`` does
    /// for a file — written straight into the artifact directory and hashed from memory, so a
    /// run that produced the bytes does not write them to a scratch file and read them back.
    ///
    /// ```swift
    /// try await tracker.logArtifact(data: Data(csv.utf8), name: "profile.csv", mediaType: "text/csv")
    /// ```
    @discardableResult
    nonisolated(nonsending) public func logArtifact(data: Data, name: String, mediaType: String? = nil,
                                                    direction: ArtifactDirection = .output) async throws -> Artifact {
        try checkUsable()
        try Self.validateArtifactFileName(name)
        let directory = store.artifactDirectory.appendingPathComponent(component, isDirectory: true)
        let destination = directory.appendingPathComponent(name, isDirectory: false)
        var hasher = SHA256Hasher()
        data.withUnsafeBytes { hasher.update($0) }
        try Self.replaceAtomically(destination, directory: directory) { output in try output.write(contentsOf: data) }
        let artifact = Artifact(value: "\(component)/\(name)", mediaType: mediaType, sizeBytes: Int64(data.count), sha256: hasher.finalize())
        try await logArtifact(direction, name: name, artifact)
        return artifact
    }

    /// Rejects every name that is not a single plain path component.
    public static func validateArtifactFileName(_ name: String) throws(TrackingError) {
        let unsafe = name.isEmpty || name == "." || name == ".." || name.hasPrefix(".")
            || name.contains("/") || name.contains("\\") || name.utf8.contains(0)
            || name.utf8.count > 255
        if unsafe { throw .unsafeArtifactName(name) }
    }

    static func copyHashing(from source: URL, to destination: URL, directory: URL) throws -> (Int64, String) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: source.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw TrackingError.invalidValue(field: "artifact file", reason: "\(source.path) does not exist or is a directory")
        }
        do {
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            var hasher = SHA256Hasher()
            var size: Int64 = 0
            try replaceAtomically(destination, directory: directory) { output in
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    chunk.withUnsafeBytes { hasher.update($0) }
                    try output.write(contentsOf: chunk)
                    size += Int64(chunk.count)
                }
            }
            return (size, hasher.finalize())
        } catch let error as TrackingError {
            throw error
        } catch {
            throw TrackingError.storage("copying artifact \(source.path) to \(destination.path) failed: \(error.localizedDescription)")
        }
    }

    /// Writes `destination` through a temporary file in `directory` (created if needed), synced,
    /// then renamed over it: a reader never sees a half-written artifact, nor a moment with none.
    static func replaceAtomically(_ destination: URL, directory: URL, write: (FileHandle) throws -> Void) throws {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(UUID().uuidString).partial")
            guard fileManager.createFile(atPath: temporary.path, contents: nil) else {
                throw TrackingError.storage("cannot create \(temporary.path)")
            }
            let output = try FileHandle(forWritingTo: temporary)
            do {
                try write(output)
                try output.synchronize()
                try output.close()
            } catch {
                try? output.close()
                try? fileManager.removeItem(at: temporary)
                throw error
            }
            if rename(temporary.path, destination.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? fileManager.removeItem(at: temporary)
                throw TrackingError.storage("cannot move the artifact copy into \(destination.path): \(reason)")
            }
        } catch let error as TrackingError {
            throw error
        } catch {
            throw TrackingError.storage("writing artifact \(destination.path) failed: \(error.localizedDescription)")
        }
    }
}
