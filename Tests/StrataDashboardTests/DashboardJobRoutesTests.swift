import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import _StrataTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The Jobs page's routes on a real `strata serve`, with real `strata job run` processes
/// writing into the server's store: the listing (jobs and sweeps), the log tail while a job
/// writes it, Stop by an editor, a viewer refused and kept to its experiments.
@Suite(.serialized) struct DashboardJobRoutesTests {
    static let users: [LiveServer.UserSpec] = [
        .init(name: "ana", role: "editor"), .init(name: "client", role: "viewer", experiments: ["granted"]),
    ]

    struct Reply {
        let status: Int
        let body: Data
        let headers: [String: String]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var jobs: [[String: Any]] { json["jobs"] as? [[String: Any]] ?? [] }
        var sweeps: [[String: Any]] { json["sweeps"] as? [[String: Any]] ?? [] }
    }

    static func send(_ method: String, _ server: LiveServer, _ path: String, as user: String, body: String? = nil) async throws -> Reply {
        var request = URLRequest(url: server.url(path))
        request.httpMethod = method
        request.setValue("Bearer \(server.user(user).token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] { headers[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http?.statusCode ?? 0, body: data, headers: headers)
    }

    /// `strata job run` on the server's store in the background.
    static func startJob(_ server: LiveServer, experiment: String, trial: String, name: String, script: String) throws -> Process {
        let file = server.directory.appendingPathComponent("\(name).sh")
        try Data(script.utf8).write(to: file)
        let process = Process()
        process.executableURL = try LiveServer.strataExecutable()
        process.arguments = ["job", "run", "--store", server.storeURL, "--experiment", experiment, "--trial", trial,
                             "--name", name, "--grace-period", "2", "--", "/bin/sh", file.path]
        process.currentDirectoryURL = server.directory
        var environment = ProcessInfo.processInfo.environment
        for variable in ["STRATA_STORE", "STRATA_TOKEN"] { environment.removeValue(forKey: variable) }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits, without holding a thread of the pool, until `condition` holds (at most `seconds`:
    /// generous, because heavy suites beside this one can hold CI's two-core pool for a minute).
    static func eventually(seconds: Double = 240, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while try await !condition() {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    static func exitStatus(of process: Process) async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }

    static let printingLoop = "i=0; while true; do echo \"line $i\"; i=$((i+1)); sleep 0.05; done\n"

    @Test func aRunningJobIsListedItsLogTailedWhileItGrowsAndAnEditorStopsIt() async throws {
        let server = try await LiveServer.start(users: Self.users)
        defer { server.stop() }
        let job = try Self.startJob(server, experiment: "granted", trial: "t", name: "looper", script: Self.printingLoop)
        defer { if job.isRunning { kill(job.processIdentifier, SIGKILL) } }

        var listing = try await Self.send("GET", server, "/dashboard/api/jobs", as: "ana")
        #expect(try await Self.eventually {
            listing = try await Self.send("GET", server, "/dashboard/api/jobs", as: "ana")
            return listing.jobs.first?["running"] as? Bool == true
        }, "the job never showed as running: \(listing.text)")
        let entry = try #require(listing.jobs.first)
        #expect(entry["name"] as? String == "looper")
        #expect(entry["experiment"] as? String == "granted")
        #expect(entry["trial"] as? String == "t")
        #expect(entry["status"] as? String == "InProgress")
        #expect((entry["command"] as? String)?.hasSuffix("looper.sh") == true, "\(entry)")

        // The tail while the job writes: whole lines, at most the bytes asked, and it grows.
        var first = try await Self.send("GET", server, "/dashboard/api/jobs/looper/log?tail=64", as: "client")
        #expect(try await Self.eventually {
            first = try await Self.send("GET", server, "/dashboard/api/jobs/looper/log?tail=64", as: "client")
            // Twice the bytes asked: the tail must then be cut, at a line start.
            return (Int(first.headers["x-log-size"] ?? "") ?? 0) > 128 && first.text.contains("line ")
        }, "\(first.status) \(first.text)")
        #expect(first.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(first.body.count <= 64)
        #expect(first.text.hasPrefix("line "), "the tail starts at a whole line: \(first.text)")
        let firstSize = Int(first.headers["x-log-size"] ?? "") ?? 0
        #expect(Int(first.headers["x-log-start"] ?? "") == firstSize - first.body.count)
        var later = first
        #expect(try await Self.eventually {
            later = try await Self.send("GET", server, "/dashboard/api/jobs/looper/log?tail=64", as: "client")
            return (Int(later.headers["x-log-size"] ?? "") ?? 0) > firstSize && later.text != first.text
        }, "the log did not grow: \(later.text)")

        // A viewer cannot stop it (neither through the dashboard nor the native API) …
        let refused = try await Self.send("POST", server, "/dashboard/api/jobs/looper/stop", as: "client")
        #expect(refused.status == 403, "\(refused.text)")
        let patch = try await Self.send("PATCH", server, "/api/v1/components/looper", as: "client", body: #"{"description":"x"}"#)
        #expect(patch.status == 403, "\(patch.text)")
        let write = try await Self.send("POST", server, "/api/v1/writes", as: "client",
                                        body: #"{"component":"looper","statusChange":{"status":{"primary":"Stopping"}}}"#)
        #expect(write.status == 403, "\(write.text)")
        #expect(job.isRunning)

        // … an editor can: the runner stops the child and records who asked.
        let stop = try await Self.send("POST", server, "/dashboard/api/jobs/looper/stop", as: "ana")
        #expect(stop.status == 200, "\(stop.text)")
        #expect(stop.json["status"] as? String == "Stopping")
        #expect(await Self.exitStatus(of: job) == 130)
        let ended = try await Self.send("GET", server, "/dashboard/api/jobs", as: "ana")
        let stopped = try #require(ended.jobs.first { $0["name"] as? String == "looper" })
        #expect(stopped["status"] as? String == "Stopped")
        #expect(stopped["message"] as? String == "stopped from the dashboard by ana")
        #expect(stopped["running"] as? Bool == false)
        let again = try await Self.send("POST", server, "/dashboard/api/jobs/looper/stop", as: "ana")
        #expect(again.status == 409, "a job that has ended cannot be stopped: \(again.text)")
    }

    @Test func aViewerSeesOnlyTheJobsAndSweepsOfItsExperiments() async throws {
        let server = try await LiveServer.start(users: Self.users)
        defer { server.stop() }
        for (experiment, name) in [("granted", "shown"), ("secret", "hidden")] {
            let job = try Self.startJob(server, experiment: experiment, trial: "\(experiment)-t", name: name, script: "echo done\n")
            #expect(await Self.exitStatus(of: job) == 0)
        }
        // Sweep trials as a sweep records them (metadata sweep, sweep.state, sweep.loss, objective.*).
        let points: [(experiment: String, trial: String, state: String, loss: String)] = [
            ("granted", "s-0000", "complete", "-0.25"), ("granted", "s-0001", "complete", "-0.5"),
            ("granted", "s-0002", "failed", ""), ("granted", "s-0003", "running", ""),
            ("secret", "x-0000", "complete", "-0.9"),
        ]
        for point in points {
            let sweep = point.experiment == "granted" ? "s" : "x"
            let objective = point.loss.isEmpty ? "" : String(-Double(point.loss)!)
            let body = #"{"experiment":"\#(point.experiment)","metadata":{"sweep":"\#(sweep)","sweep.state":"\#(point.state)","sweep.loss":"\#(point.loss)","objective.metric":"score (maximize)","objective.value":"\#(objective)"}}"#
            let reply = try await Self.send("PUT", server, "/api/v1/trials/\(point.trial)", as: "ana", body: body)
            #expect(reply.status == 200 || reply.status == 201, "\(reply.text)")
        }

        let editor = try await Self.send("GET", server, "/dashboard/api/jobs", as: "ana")
        #expect(Set(editor.jobs.compactMap { $0["name"] as? String }) == ["shown", "hidden"])
        #expect(editor.sweeps.map { "\($0["experiment"]!)/\($0["sweep"]!)" } == ["granted/s", "secret/x"])

        let viewer = try await Self.send("GET", server, "/dashboard/api/jobs", as: "client")
        #expect(viewer.status == 200, "\(viewer.text)")
        #expect(viewer.jobs.compactMap { $0["name"] as? String } == ["shown"])
        let sweep = try #require(viewer.sweeps.first)
        #expect(viewer.sweeps.count == 1)
        #expect(sweep["sweep"] as? String == "s")
        #expect(sweep["trials"] as? Int == 4)
        #expect(sweep["complete"] as? Int == 2)
        #expect(sweep["failed"] as? Int == 1)
        #expect(sweep["running"] as? Int == 1)
        #expect(sweep["bestTrial"] as? String == "s-0001")
        #expect(sweep["bestLoss"] as? Double == -0.5)
        #expect(sweep["bestObjective"] as? Double == 0.5)
        #expect(sweep["objective"] as? String == "score (maximize)")

        let log = try await Self.send("GET", server, "/dashboard/api/jobs/shown/log", as: "client")
        #expect(log.status == 200 && log.text == "done\n", "\(log.status) \(log.text)")
        let hidden = try await Self.send("GET", server, "/dashboard/api/jobs/hidden/log", as: "client")
        #expect(hidden.status == 403, "\(hidden.text)")
    }

    @Test func onlyRecordedJobsHaveALog() async throws {
        let server = try await LiveServer.start(users: Self.users)
        defer { server.stop() }
        let created = try await Self.send("PUT", server, "/api/v1/components/plain", as: "ana", body: "{}")
        #expect(created.status == 200 || created.status == 201, "\(created.text)")
        // A file where a job's log would be does not make a component a job.
        let directory = server.directory.appendingPathComponent("artifacts/plain", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("secret\n".utf8).write(to: directory.appendingPathComponent("job.log"))
        for (path, status) in [("plain", 404), ("missing", 404), ("%2E%2E", 400), ("a.b", 400)] {
            let reply = try await Self.send("GET", server, "/dashboard/api/jobs/\(path)/log", as: "ana")
            #expect(reply.status == status, "\(path): \(reply.status) \(reply.text)")
            #expect(!reply.text.contains("secret"))
        }
        let stop = try await Self.send("POST", server, "/dashboard/api/jobs/plain/stop", as: "ana")
        #expect(stop.status == 404, "\(stop.text)")
        let job = try Self.startJob(server, experiment: "granted", trial: "t", name: "short", script: "echo hi\n")
        #expect(await Self.exitStatus(of: job) == 0)
        for tail in ["0", "-5", "x", String(64 * 1024 * 1024)] {
            let reply = try await Self.send("GET", server, "/dashboard/api/jobs/short/log?tail=\(tail)", as: "ana")
            #expect(reply.status == 400, "tail=\(tail): \(reply.status) \(reply.text)")
        }
        let bad = try await Self.send("GET", server, "/dashboard/api/jobs?recent=0", as: "ana")
        #expect(bad.status == 400, "\(bad.text)")
    }
}
