import Foundation

/// One long-lived worker process of a sweep (`strata sweep-worker`): it reads points from its
/// standard input, one JSON line each (``Point``), runs and records each, and answers with a
/// ``doneMarker`` line on its standard output; end of input ends it.
///
/// Keeping a worker for many points lets it keep what every attempt shares in memory — the
/// table, the scaled features, the embedding, the silhouette sample (``StepMemo``) — instead
/// of reading them back from the step cache once per attempt.
final class SweepWorkerProcess: @unchecked Sendable {
    /// What the coordinator hears from its workers.
    enum Event: Sendable {
        /// The worker recorded point `number` and waits for the next.
        case done(worker: Int, number: Int)
        /// The worker's process ended (after every `done` it printed).
        case exited(worker: Int, status: Int32)
    }

    /// A point as sent on the worker's standard input.
    struct Point: Codable, Sendable {
        var number: Int
        var assignment: ParameterAssignment
    }

    /// The line a worker prints after recording a point: `strata-sweep-done <number>`.
    static let doneMarker = "strata-sweep-done "

    let id: Int
    let logURL: URL
    private let process = Process()
    private let input: FileHandle

    /// The point it runs now (trial, number) and the size of its log when the point began; only
    /// the coordinator's task reads and writes it.
    var current: (trial: String, number: Int, logOffset: UInt64)?

    /// Starts `command` (executable, then arguments), its standard error appended to `logURL`.
    init(id: Int, command: [String], logURL: URL, events: AsyncStream<Event>.Continuation) throws {
        self.id = id
        self.logURL = logURL
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let toWorker = Pipe(), fromWorker = Pipe()
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardInput = toWorker
        process.standardOutput = fromWorker
        process.standardError = log
        input = toWorker.fileHandleForWriting

        // `done` lines are read on a thread of their own; the exit is reported once that thread
        // has seen the end of the output, so a point's `done` always comes before its worker's exit.
        let outputEnded = DispatchSemaphore(value: 0)
        let reader = fromWorker.fileHandleForReading
        let thread = Thread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    if line.hasPrefix(Self.doneMarker), let number = Int(line.dropFirst(Self.doneMarker.count)) {
                        events.yield(.done(worker: id, number: number))
                    }
                }
            }
            outputEnded.signal()
        }
        process.terminationHandler = { finished in
            try? log.close()
            _ = outputEnded.wait(timeout: .now() + 10)
            events.yield(.exited(worker: id, status: finished.terminationStatus))
        }
        do {
            try process.run()
        } catch {
            try? log.close()
            throw error
        }
        // Reading starts once the process runs: a failed start leaves no thread on the pipe.
        thread.start()
    }

    /// Hands the worker a point; false when it can no longer take one (its process ended).
    func send(_ point: Point, trial: String) -> Bool {
        let log = try? FileHandle(forReadingFrom: logURL)
        current = (trial, point.number, (try? log?.seekToEnd()) ?? 0)
        try? log?.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let line = try? encoder.encode(point) else { return false }
        do {
            try input.write(contentsOf: line + Data("\n".utf8))
            return true
        } catch {
            return false
        }
    }

    /// No more points: the worker finishes the one it runs, then exits.
    func finishInput() { try? input.close() }

    /// Stops the worker now (SIGTERM).
    func terminate() { if process.isRunning { process.terminate() } }

    /// The end of the worker's error output since its current point began (for a failure message).
    func logTail(limit: Int = 800) -> String {
        guard let handle = try? FileHandle(forReadingFrom: logURL) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: current?.logOffset ?? 0)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(String(decoding: data, as: UTF8.self).suffix(limit)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
