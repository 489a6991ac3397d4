import Foundation
import StrataSQLite
import StrataTracking
import Testing

/// Real processes (`strata-tracking-writer`) logging into one SQLite file.
@Suite(.serialized) struct MultiProcessTests {
    /// The writer sits next to the test bundle in `.build/<triple>/<configuration>/`.
    static func writerURL() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            for base in [directory, directory.deletingLastPathComponent()] {
                let url = base.appendingPathComponent("strata-tracking-writer")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        throw TrackingError.storage("strata-tracking-writer not found near \(candidates.map(\.path)); build it with swift build")
    }

    static func expectedSummary(points: Int) -> MetricSummary {
        var summary = MetricSummary()
        var sum = 0.0
        for index in 0..<points { sum += Double(index % 1000) / 10 }
        let mean = sum / Double(points)
        var squares = 0.0
        for index in 0..<points { let d = Double(index % 1000) / 10 - mean; squares += d * d }
        summary.count = points
        summary.average = mean
        summary.m2 = squares
        summary.minimum = 0
        summary.maximum = points >= 1000 ? 99.9 : Double(points - 1) / 10
        summary.last = Double((points - 1) % 1000) / 10
        summary.lastStep = points - 1
        return summary
    }

    @Test func eightWritersLoseNothing() async throws {
        let path = temporaryStorePath("multi")
        let store = try SQLiteTrackingStore(path: path)
        let writer = try Self.writerURL()
        var processes: [Process] = []
        for index in 0..<8 {
            let process = Process()
            process.executableURL = writer
            process.arguments = [path, "writer-\(index)", "10000", "500"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "writer exit status")
        }
        let expected = Self.expectedSummary(points: 10_000)
        var total = 0
        for index in 0..<8 {
            let summary = try #require(try await store.component(named: "writer-\(index)").metrics["value"])
            #expect(summary.count == 10_000)
            #expect(summary.minimum == expected.minimum && summary.maximum == expected.maximum)
            #expect(abs(summary.average - expected.average) < 1e-9)
            #expect(abs(summary.standardDeviation - expected.standardDeviation) < 1e-9)
            #expect(summary.last == expected.last && summary.lastStep == expected.lastStep)
            total += try await store.metricSeries(component: "writer-\(index)", metric: "value").count
        }
        #expect(total == 80_000)
    }

    @Test func killedWriterLosesOnlyWhatItHadNotFlushed() async throws {
        let path = temporaryStorePath("killed")
        _ = try SQLiteTrackingStore(path: path)
        let process = Process()
        process.executableURL = try Self.writerURL()
        process.arguments = [path, "victim", "10000000", "1000", "2"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var lastFlushed = 0
        var buffer = ""
        let handle = pipe.fileHandleForReading
        while lastFlushed < 20_000 {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            while let newline = buffer.firstIndex(of: "\n") {
                let line = buffer[..<newline]
                buffer = String(buffer[buffer.index(after: newline)...])
                if line.hasPrefix("flushed "), let count = Int(line.dropFirst("flushed ".count)) { lastFlushed = count }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(lastFlushed >= 20_000)

        let reopened = try SQLiteTrackingStore(path: path)
        let integrity = try reopened.readDatabase { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        let summary = try #require(try await reopened.component(named: "victim").metrics["value"])
        let stored = try await reopened.metricSeries(component: "victim", metric: "value").count
        #expect(stored >= lastFlushed, "every reported flush survived the kill")
        #expect(stored % 1000 == 0, "flushes are all-or-nothing")
        #expect(summary.count == stored, "summary agrees with the series")
        let expected = Self.expectedSummary(points: stored)
        #expect(abs(summary.average - expected.average) < 1e-9)
        #expect(summary.lastStep == stored - 1)
        // The store still takes writes after the crash.
        try await reopened.apply(TrackingWriteBatch(component: "victim", metricPoints: [MetricPoint(name: "value", value: 1, timestamp: 1)]))
    }

    /// Starts the writer with `arguments`; returns it and its stdout.
    static func launchWriter(_ arguments: [String]) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = try writerURL()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        return (process, pipe.fileHandleForReading)
    }

    /// Reads the writer's output to its end (or until `line` is printed).
    static func readUntil(_ line: String?, from handle: FileHandle) -> String {
        var text = ""
        while true {
            let data = handle.availableData
            if data.isEmpty { return text }
            text += String(decoding: data, as: UTF8.self)
            if let line, text.split(separator: "\n").contains(Substring(line)) { return text }
        }
    }

    /// A tracker that is never closed still writes everything before the process exits normally.
    @Test func releasedTrackerFlushesBeforeANormalExit() async throws {
        let path = temporaryStorePath("released")
        let (process, stdout) = try Self.launchWriter([path, "forgotten", "5000", "2000", "--no-close"])
        let output = Self.readUntil(nil, from: stdout)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("released 5000"))
        let store = try SQLiteTrackingStore(path: path)
        let component = try await store.component(named: "forgotten")
        #expect(component.metrics["value"]?.count == 5000, "4000 flushed + 1000 buffered")
        #expect(component.metrics["value"]?.lastStep == 4999)
        #expect(component.status.primary == .stopped && component.status.message?.contains("without close()") == true)
    }

    /// SIGINT/SIGTERM to a process logging with stopsOnTerminationSignal: Stopped, nothing lost,
    /// exit status 128 + signal.
    @Test(arguments: [SIGINT, SIGTERM])
    func signalMarksTheComponentStoppedAndFlushes(signal: Int32) async throws {
        let path = temporaryStorePath("signalled")
        let (process, stdout) = try Self.launchWriter([path, "interrupted", "5000", "2000", "--wait-for-signal"])
        let output = Self.readUntil("logged 5000", from: stdout)
        #expect(output.contains("logged 5000"))
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal)
        let store = try SQLiteTrackingStore(path: path)
        let component = try await store.component(named: "interrupted")
        #expect(component.metrics["value"]?.count == 5000, "the 1000 buffered points were flushed too")
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(component.status == TrialComponentStatus(.stopped, message: "interrupted by \(name)"))
        #expect(component.endTime != nil)
    }
}

