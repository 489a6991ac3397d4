import Foundation
import StrataTracking

/// Feeds what a ``MetricFileIngester`` reads into a job's ``Tracker`` and keeps count; an actor
/// so the polling loop and the final read after the child's exit never overlap.
///
/// ```swift
/// let ingestion = MetricIngestion(directory: metrics, tracker: tracker) { issue in print(issue) }
/// await ingestion.ingest(final: false)
/// ```
actor MetricIngestion {
    private var ingester: MetricFileIngester
    private let tracker: Tracker
    private let onIssue: @Sendable (MetricFileIssue) -> Void
    private var points = 0
    private var issues: [MetricFileIssue] = []

    init(directory: URL, tracker: Tracker, onIssue: @escaping @Sendable (MetricFileIssue) -> Void) {
        self.ingester = MetricFileIngester(directory: directory)
        self.tracker = tracker
        self.onIssue = onIssue
    }

    /// Records every point appended since the last call; a point the record refuses becomes an
    /// issue like a malformed line.
    func ingest(final: Bool) async {
        let batch = ingester.poll(final: final)
        for issue in batch.issues { report(issue) }
        for point in batch.points {
            do {
                try await tracker.logMetric(point.name, point.value, step: point.step, timestamp: point.date)
                points += 1
            } catch {
                report(MetricFileIssue(file: ingester.directory.path, line: 0, message: "metric \(point.name): \(error)"))
            }
        }
    }

    var totals: (points: Int, issues: [MetricFileIssue]) { (points, issues) }

    private func report(_ issue: MetricFileIssue) {
        issues.append(issue)
        onIssue(issue)
    }
}
