import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small real child processes for the job tests: POSIX shell scripts in a fresh directory.
struct JobScripts {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Writes `body` as an executable `sh` script and returns the command that runs it.
    func script(_ name: String, _ body: String) throws -> [String] {
        try Data(("#!/bin/sh\n" + body).utf8).write(to: url(name))
        chmod(url(name).path, 0o755)
        return ["/bin/sh", url(name).path]
    }

    func text(_ name: String) -> String {
        (try? String(contentsOf: url(name), encoding: .utf8)) ?? ""
    }

    /// Waits (without blocking a thread: the job's own tasks need the pool) until `condition`
    /// holds, for at most `seconds`. The limit is generous on purpose: on CI's two cores the
    /// heavy numeric suites running beside these tests can hold the cooperative pool for over a
    /// minute, and the limit only matters when the test is failing anyway.
    static func waitUntil(seconds: Double = 240, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Whether `pid` is a live (not zombie) process.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }
}
