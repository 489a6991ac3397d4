import Foundation
import StrataJobs
import StrataTracking
import Testing

/// The ingester against a real writer process appending to its metric file, as a training
/// script does: lines arrive in pieces, from several processes, some of them malformed.
@Suite struct MetricFileIngesterTests {
    /// Starts the shell script `body` as the writer process (not awaited), with an empty
    /// `metrics` directory beside it.
    func startWriter(_ scripts: JobScripts, _ body: String) throws -> (Process, metrics: URL) {
        try FileManager.default.createDirectory(at: scripts.url("metrics"), withIntermediateDirectories: true)
        let command = try scripts.script("writer.sh", body)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        try process.run()
        return (process, scripts.url("metrics"))
    }

    let now = Int(Date().timeIntervalSince1970)

    @Test func readsLinesAsTheyAreAppendedAndWaitsForPartialOnes() async throws {
        let scripts = try JobScripts()
        // Stage 1: one full line and half of the next; stage 2 (after "go"): the rest of it, a
        // malformed line, and a line without a step.
        let (writer, metrics) = try startWriter(scripts, """
        cd '\(scripts.directory.path)'
        f=metrics/4711.json
        printf '{"MetricName": "loss", "Value": 0.5, "Timestamp": \(now), "IterationNumber": 0}\\n' >> $f
        printf '{"MetricName": "loss", "Val' >> $f
        touch stage1
        while [ ! -e go ]; do sleep 0.02; done
        printf 'ue": 0.25, "Timestamp": \(now), "IterationNumber": 1}\\n' >> $f
        printf '{"MetricName": "loss", "Value": "high", "Timestamp": \(now)}\\n' >> $f
        printf '{"MetricName": "accuracy", "Value": 0.75, "Timestamp": \(now).5}\\n' >> $f
        """)
        var ingester = MetricFileIngester(directory: metrics)
        #expect(await JobScripts.waitUntil { FileManager.default.fileExists(atPath: scripts.url("stage1").path) })
        let first = ingester.poll()
        #expect(first.points == [MetricPoint(name: "loss", value: 0.5, step: 0, timestamp: Double(now))])
        #expect(first.issues.isEmpty, "a line still being written is not an error: \(first.issues)")

        #expect(FileManager.default.createFile(atPath: scripts.url("go").path, contents: nil))
        writer.waitUntilExit()
        let second = ingester.poll()
        #expect(second.points == [MetricPoint(name: "loss", value: 0.25, step: 1, timestamp: Double(now)),
                                  MetricPoint(name: "accuracy", value: 0.75, step: nil, timestamp: Double(now) + 0.5)])
        #expect(second.issues.count == 1)
        let issue = try #require(second.issues.first)
        #expect(issue.file == metrics.appendingPathComponent("4711.json").path)
        #expect(issue.line == 3)
        #expect(issue.message.contains("Value must be a number"), "\(issue)")
        #expect(ingester.poll(final: true).points.isEmpty, "nothing is read twice")
    }

    @Test func readsEveryProcessFileAndTheUnfinishedLastLineOnlyAtTheEnd() throws {
        let scripts = try JobScripts()
        let (writer, metrics) = try startWriter(scripts, """
        cd '\(scripts.url("metrics").path)'
        printf '{"MetricName": "a", "Value": 1, "Timestamp": \(now), "IterationNumber": 5}\\n' >> 100.json
        printf '{"MetricName": "b", "Value": 2, "Timestamp": \(now)}' >> 200.json
        printf '{"MetricName": "c", "Value": NaN, "Timestamp": \(now)}\\n{"MetricName": "c", "Va' >> 300.json
        printf 'not metrics\\n' >> notes.txt
        """)
        writer.waitUntilExit()
        var ingester = MetricFileIngester(directory: metrics)
        let running = ingester.poll()
        #expect(running.points.map(\.name) == ["a"])
        #expect(running.issues.map(\.line) == [1])
        #expect(running.issues.first?.message.contains("not a finite number") == true, "\(running.issues)")
        let final = ingester.poll(final: true)
        #expect(final.points == [MetricPoint(name: "b", value: 2, step: nil, timestamp: Double(now))],
                "a complete record without its newline counts at the end")
        #expect(final.issues.count == 1)
        #expect(final.issues.first?.file.hasSuffix("300.json") == true && final.issues.first?.line == 2)
        #expect(final.issues.first?.message.contains("never finished") == true, "\(final.issues)")
    }

    @Test func reportsMissingFieldsAndBadSteps() throws {
        let scripts = try JobScripts()
        let file = scripts.url("9.json")
        try Data("""
        {"MetricName": "loss", "Timestamp": 1}
        {"MetricName": "loss", "Value": 1, "Timestamp": 1, "IterationNumber": 1.5}
        {"MetricName": "", "Value": 1, "Timestamp": 1}

        [1, 2]

        """.utf8).write(to: file)
        var ingester = MetricFileIngester(directory: scripts.directory)
        let batch = ingester.poll()
        #expect(batch.points.isEmpty)
        #expect(batch.issues.map(\.line) == [1, 2, 3, 5], "blank lines are skipped but counted")
        #expect(batch.issues[0].message.contains("missing field Value"), "\(batch.issues[0])")
        #expect(batch.issues[1].message.contains("IterationNumber must be a whole number"), "\(batch.issues[1])")
        #expect(batch.issues[2].message.contains("metric name"), "\(batch.issues[2])")
    }
}
