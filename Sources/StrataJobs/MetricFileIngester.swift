import Foundation
import StrataTracking

/// Reads the metric files a SageMaker training script writes while it runs: every `*.json` file
/// in `directory` holds one JSON object per line, `{"MetricName", "Value", "Timestamp",
/// "IterationNumber"?}` (what `smexperiments`' `Tracker.log_metric` appends to
/// `$SAGEMAKER_METRICS_DIRECTORY/<pid>.json` when `TRAINING_JOB_ARN` is set).
///
/// ```swift
/// var ingester = MetricFileIngester(directory: metricsDirectory)
/// let batch = ingester.poll()                    // points appended since the last poll
/// for point in batch.points { try await tracker.logMetric(point.name, point.value, step: point.step, timestamp: point.date) }
/// for issue in batch.issues { print(issue) }     // "…/4711.json:12: Value is not a number"
/// let rest = ingester.poll(final: true)          // after the script ended
/// ```
///
/// Each poll reads only what was appended since the last one (a file offset per file). A line
/// without its newline yet is kept until it is complete — the writer may be in the middle of it —
/// and parsed as it is only by the final poll. A malformed line becomes a ``MetricFileIssue``
/// naming the file and line and is skipped; it never stops the job. `IterationNumber` becomes the
/// point's step. O(bytes appended) per poll; memory O(files + one partial line each).
public struct MetricFileIngester: Sendable {
    private struct FileState: Sendable {
        var offset: UInt64 = 0
        var linesRead = 0
        var partial = Data()
    }

    public let directory: URL
    private var files: [String: FileState] = [:]

    public init(directory: URL) {
        self.directory = directory
    }

    /// What one poll found.
    public struct Batch: Sendable {
        public var points: [MetricPoint] = []
        public var issues: [MetricFileIssue] = []
    }

    /// Parses every complete line appended since the last poll; with `final`, also each file's
    /// unfinished last line.
    public mutating func poll(final: Bool = false) -> Batch {
        var batch = Batch()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = directory.appendingPathComponent(name, isDirectory: false)
            var file = files[name] ?? FileState()
            read(url, into: &file, batch: &batch)
            if final && !file.partial.isEmpty {
                file.linesRead += 1
                parse(file.partial, line: file.linesRead, file: url.path, into: &batch, unfinished: true)
                file.partial = Data()
            }
            files[name] = file
        }
        return batch
    }

    private func read(_ url: URL, into file: inout FileState, batch: inout Batch) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return }   // a directory, or gone
        defer { try? handle.close() }
        let appended: Data
        do {
            try handle.seek(toOffset: file.offset)
            appended = try handle.readToEnd() ?? Data()
        } catch {
            batch.issues.append(MetricFileIssue(file: url.path, line: file.linesRead + 1,
                                                message: "cannot read: \(error.localizedDescription)"))
            return
        }
        guard !appended.isEmpty else { return }
        file.offset += UInt64(appended.count)
        var pending = file.partial + appended
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            file.linesRead += 1
            parse(pending[pending.startIndex..<newline], line: file.linesRead, file: url.path, into: &batch, unfinished: false)
            pending = pending[(newline + 1)...]
        }
        file.partial = Data(pending)
    }

    private func parse(_ line: Data, line number: Int, file: String, into batch: inout Batch, unfinished: Bool) {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) { return }
        do {
            batch.points.append(try MetricFileRecord.decode(line))
        } catch {
            let message = unfinished ? "\(error) (the line was never finished)" : "\(error)"
            batch.issues.append(MetricFileIssue(file: file, line: number, message: message))
        }
    }
}
