import Foundation

/// A child process run to completion without blocking a Swift concurrency thread (the server
/// under test answers it from the same pool); output goes through files so that neither pipe
/// can fill up.
struct ChildProcess {
    struct Outcome {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Outcome(code: code, stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// The repository root (this file sits in Tests/StrataServerTests/SageMaker/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The client venv's Python; a missing venv is a failure that says how to make it.
    static func clientPython() throws -> URL {
        let python = repositoryRoot.appendingPathComponent(".venv-clients/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ClientEnvironmentMissing(message: "\(python.path) is missing: run `bash Tests/Clients/setup.sh` at the repository root (CI's .ci/run does).")
        }
        return python
    }

    /// The built `strata` executable beside the test bundle.
    static func strata() throws -> URL {
        let candidates = Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            + [Bundle.main.bundleURL.deletingLastPathComponent()]
        for directory in candidates {
            let url = directory.appendingPathComponent("strata")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw ClientEnvironmentMissing(message: "the strata executable was not built next to the tests (looked in \(candidates.map(\.path)))")
    }
}

struct ClientEnvironmentMissing: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
