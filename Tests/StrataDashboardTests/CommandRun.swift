import Foundation

/// A child process run to completion without blocking a thread of the cooperative pool, its
/// output collected in files (a pipe could fill and stall a chatty child).
struct CommandRun: Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let status: Int32
    let stdout: String
    let stderr: String

    static func run(_ executable: URL, _ arguments: [String], in directory: URL,
                    environment: [String: String] = [:]) async throws -> CommandRun {
        let scratch = directory.appendingPathComponent(".out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            do {
                _ = try start(executable, arguments, in: directory, environment: environment, stdout: out, stderr: err) {
                    continuation.resume(returning: $0.terminationStatus)
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        return CommandRun(status: status, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Runs and throws, naming the command and quoting its stderr, unless it exits 0.
    @discardableResult
    static func require(_ executable: URL, _ arguments: [String], in directory: URL,
                        environment: [String: String] = [:]) async throws -> CommandRun {
        let run = try await run(executable, arguments, in: directory, environment: environment)
        guard run.status == 0 else {
            throw Failure(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited \(run.status):\n\(run.stderr.suffix(4000))")
        }
        return run
    }

    /// Starts `executable` with its output going to the files `stdout` and `stderr`.
    static func start(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
                      stdout: URL, stderr: URL, onExit: (@Sendable (Process) -> Void)? = nil) throws -> Process {
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var merged = ProcessInfo.processInfo.environment
        for name in ["STRATA_STORE", "STRATA_KEY_FILE", "STRATA_TOKEN"] { merged.removeValue(forKey: name) }
        process.environment = merged.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.terminationHandler = onExit
        do { try process.run() } catch { process.terminationHandler = nil; throw error }
        return process
    }
}
