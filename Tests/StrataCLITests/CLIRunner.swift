import Foundation
import _StrataTestSupport

/// Runs the built `strata` binary as a real process, as a user would.
struct CLIRunner {
    struct Outcome {
        let code: Int32
        let stdout: String
        let stderr: String
    }

    /// The directory of build products (where `strata` sits next to the test bundle).
    static func strataURL() throws -> URL {
        guard let url = builtExecutable(named: "strata") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "strata executable next to the test bundle"])
        }
        return url
    }

    let directory: URL

    /// A runner in a fresh temporary working directory.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let outcome = try LiveServer.runStrata(arguments, in: directory, environment: environment)
        return Outcome(code: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
