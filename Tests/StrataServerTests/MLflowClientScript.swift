import Foundation

/// Runs a committed client script (Tests/Clients/…) with the client venv's Python, without
/// blocking a thread of the cooperative pool (the server under test answers on it).
enum MLflowClientScript {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The script's standard output; throws with its standard error when it exits non-zero.
    static func run(_ script: String, arguments: [String], environment: [String: String]) async throws -> Data {
        let python = repository.appendingPathComponent(".venv-clients/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "\(python.path) is missing: run `bash Tests/Clients/setup.sh` to create the client venv (mlflow-skinny).")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("strata-client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdout = scratch.appendingPathComponent("stdout"), stderr = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = python
        process.arguments = [repository.appendingPathComponent("Tests/Clients/\(script)").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = scratch
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { process.terminationHandler = nil; continuation.resume(throwing: error) }
        }
        if status != 0 {
            let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            throw Failure(description: "\(script) exited with \(status):\n\(log.suffix(4000))")
        }
        return try Data(contentsOf: stdout)
    }
}
