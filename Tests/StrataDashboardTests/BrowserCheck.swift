import Foundation

/// Runs Tests/Browser/dashboard_check.py (selenium + Debian's headless Chromium, from
/// `.venv-clients`) with a JSON description of the live server and its record, and reads back
/// what each of its checks found.
struct BrowserCheck {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Where every run saves its screenshots (git-ignored, recreated by each run; named in README).
    static let screenshots = repository.appendingPathComponent("Tests/Browser/screenshots", isDirectory: true)

    /// One check's outcome, as the script writes it.
    struct Outcome: Decodable, Sendable {
        var name: String
        var ok: Bool
        var message: String
    }

    /// The script's results file.
    struct Results: Decodable, Sendable {
        var checks: [Outcome]
        var timings: [String: Double]
    }

    /// Why the browser could not be driven at all (missing venv or Chromium, or a crashed script).
    struct Unavailable: Error, CustomStringConvertible { var description: String }

    static let python = repository.appendingPathComponent(".venv-clients/bin/python")
    static let chromium = URL(fileURLWithPath: "/usr/bin/chromium")
    static let chromedriver = URL(fileURLWithPath: "/usr/bin/chromedriver")

    /// Throws with what to install when the venv (with selenium) or Chromium is missing.
    static func requireTools() throws {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Unavailable(description: "\(python.path) is missing: run `bash Tests/Clients/setup.sh` (selenium for the browser tests)")
        }
        for tool in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: tool.path) {
            throw Unavailable(description: "\(tool.path) is missing: `apt-get install chromium chromium-driver` (.ci/run installs them)")
        }
    }

    /// Runs the script with `configuration` (encoded as JSON) and returns its results.
    static func run<Configuration: Encodable>(_ configuration: Configuration, scratch: URL) async throws -> Results {
        try requireTools()
        let configURL = scratch.appendingPathComponent("browser-config.json")
        let resultsURL = scratch.appendingPathComponent("browser-results.json")
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(configuration).write(to: configURL)
        let script = repository.appendingPathComponent("Tests/Browser/dashboard_check.py")
        let run = try await CommandRun.run(python, [script.path, configURL.path, resultsURL.path], in: scratch)
        print(run.stdout, terminator: "")
        guard let data = try? Data(contentsOf: resultsURL), let results = try? JSONDecoder().decode(Results.self, from: data) else {
            throw Unavailable(description: "dashboard_check.py exited \(run.status) without results:\n\(run.stderr.suffix(6000))")
        }
        return results
    }
}
