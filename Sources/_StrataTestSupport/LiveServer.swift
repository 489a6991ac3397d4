import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `strata serve` process for tests: a fresh SQLite store in a temporary directory, users
/// added first with `strata users add … --json`, a free port, and SIGTERM at the end.
///
/// ```swift
/// let server = try await LiveServer.start(users: [.init(name: "ana", role: "editor")])
/// var request = URLRequest(url: server.url("/api/v1/whoami"))
/// request.setValue("Bearer \(server.user("ana").token)", forHTTPHeaderField: "Authorization")
/// let status = server.stop()   // 0 after a graceful shutdown
/// ```
///
/// The `strata` executable is found next to the test bundle, so the test target must depend on
/// `StrataCLI`. Starting takes one process per user plus the server's start-up (well under a second).
public final class LiveServer: @unchecked Sendable {
    /// A user to add before the server starts.
    public struct UserSpec: Sendable {
        public var name: String
        /// `admin`, `editor` or `viewer`.
        public var role: String
        public var experiments: [String]?
        public init(name: String, role: String, experiments: [String]? = nil) {
            self.name = name; self.role = role; self.experiments = experiments
        }
    }

    /// Credentials exactly as `strata users add --json` printed them.
    public struct Credentials: Sendable, Codable, Hashable {
        public let name: String
        public let role: String
        public let token: String
        public let access_key_id: String
        public let secret_access_key: String
    }

    /// Why the server did not start (its stderr included).
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `http://127.0.0.1:PORT` (https with TLS).
    public let baseURL: URL
    public let port: Int
    /// `sqlite:<directory>/strata.sqlite`.
    public let storeURL: String
    /// The temporary directory holding the store and the key file.
    public let directory: URL
    /// Added users by name.
    public let users: [String: Credentials]

    private let process: Process
    private let stderrBuffer: LockedText

    /// The credentials of the user called `name` (a test bug if absent).
    public func user(_ name: String) -> Credentials {
        guard let credentials = users[name] else { preconditionFailure("LiveServer has no user \(name)") }
        return credentials
    }

    /// `baseURL` with `path` (and query) appended as given.
    public func url(_ path: String) -> URL { URL(string: baseURL.absoluteString + path)! }

    /// Everything the server wrote to stderr so far (start line, request log).
    public var stderr: String { stderrBuffer.text }

    /// The path of the built `strata` executable (next to the test bundle).
    public static func strataExecutable() throws -> URL {
        guard let url = builtExecutable(named: "strata") else {
            throw StartFailure(description: "no strata executable next to the test bundle; the test target must depend on StrataCLI")
        }
        return url
    }

    /// Runs `strata ARGUMENTS` to completion in `directory`: (exit status, stdout, stderr).
    public static func runStrata(_ arguments: [String], in directory: URL,
                                 environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try strataExecutable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = Self.environment(environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// Adds `users`, starts `strata serve --store sqlite:<tmp>/strata.sqlite --port 0 ARGUMENTS`
    /// and waits (up to `timeout` seconds) for its listening line.
    public static func start(users specs: [UserSpec] = [], arguments: [String] = [], environment: [String: String] = [:],
                             timeout: TimeInterval = 30) async throws -> LiveServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-live-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storeURL = "sqlite:\(directory.appendingPathComponent("strata.sqlite").path)"
        var users: [String: Credentials] = [:]
        for spec in specs {
            var arguments = ["users", "add", spec.name, "--role", spec.role, "--store", storeURL, "--json"]
            if let experiments = spec.experiments { arguments += ["--experiments", experiments.joined(separator: ",")] }
            let outcome = try runStrata(arguments, in: directory, environment: environment)
            guard outcome.status == 0 else {
                throw StartFailure(description: "strata users add \(spec.name) exited \(outcome.status): \(outcome.stderr)")
            }
            users[spec.name] = try JSONDecoder().decode(Credentials.self, from: Data(outcome.stdout.utf8))
        }

        let process = Process()
        process.executableURL = try strataExecutable()
        process.arguments = ["serve", "--store", storeURL, "--port", "0"] + arguments
        process.currentDirectoryURL = directory
        process.environment = Self.environment(environment)
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        let buffer = LockedText()
        // Keep draining stderr for the server's whole life, so its request log never blocks it.
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { buffer.append(String(decoding: data, as: UTF8.self)) }
        }
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let url = Self.listeningURL(in: buffer.text) {
                guard let base = URL(string: url), let port = base.port else {
                    throw StartFailure(description: "unreadable listening line: \(url)")
                }
                return LiveServer(baseURL: base, port: port, storeURL: storeURL, directory: directory, users: users,
                                  process: process, stderrBuffer: buffer)
            }
            if !process.isRunning {
                try? await Task.sleep(nanoseconds: 50_000_000)   // let the last stderr bytes arrive
                throw StartFailure(description: "strata serve exited \(process.terminationStatus) before listening: \(buffer.text)")
            }
            if Date() > deadline {
                process.terminate()
                throw StartFailure(description: "strata serve did not report listening within \(Int(timeout)) s: \(buffer.text)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    private init(baseURL: URL, port: Int, storeURL: String, directory: URL, users: [String: Credentials],
                 process: Process, stderrBuffer: LockedText) {
        self.baseURL = baseURL; self.port = port; self.storeURL = storeURL; self.directory = directory
        self.users = users; self.process = process; self.stderrBuffer = stderrBuffer
    }

    /// Sends SIGTERM, waits for the process to exit and returns its exit status (0 after a
    /// graceful shutdown). Safe to call twice.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The URL of a `strata serve: listening on URL` line, if one was printed.
    static func listeningURL(in text: String) -> String? {
        let marker = "strata serve: listening on "
        guard let range = text.range(of: marker) else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(of: "\n") else { return nil }
        return String(rest[..<end])
    }

    private static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["STRATA_STORE", "STRATA_KEY_FILE", "STRATA_TOKEN"] { environment.removeValue(forKey: name) }
        for (name, value) in extra { environment[name] = value }
        return environment
    }
}

/// Text appended from a pipe's reader thread and read by the test.
private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    var text: String { lock.lock(); defer { lock.unlock() }; return value }
    func append(_ more: String) { lock.lock(); value += more; lock.unlock() }
}
