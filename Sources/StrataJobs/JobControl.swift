import Foundation
import StrataTracking

/// Stopping a job from outside its runner — `strata job stop`, or the server's Stop button —
/// through the record alone: the component is marked Stopping and the runner, which reads it
/// every second, stops the child and records Stopped.
///
/// ```swift
/// let final = try await JobControl.requestStop(component: "xgb-job-2", store: store, timeout: .seconds(30))
/// final.primary   // .stopped (still .stopping if the runner did not answer in time)
/// ```
///
/// Why the record and not a pid file: it works from any machine or server that can reach the
/// store (a remote `--store http://…`, the dashboard), needs no permission to signal another
/// user's process, and cannot hit a recycled pid. The price is up to one control interval of delay.
public enum JobControl {
    /// Whether the component was made by a job runner (its source job is a training-job ARN).
    public static func isJob(_ component: TrialComponent) -> Bool {
        guard let source = component.sourceJob else { return false }
        return source.hasPrefix("arn:aws:sagemaker:") && source.contains(":training-job/")
    }

    /// Marks the job's component Stopping with `reason`, then waits up to `timeout` for its runner
    /// to record the end; returns the status seen last. Throws ``JobError/notRunning(component:status:)``
    /// for a job that has ended and `TrackingError.notFound` for an unknown name.
    public static func requestStop(component name: String, store: any TrackingStore, reason: String = "stopped on request",
                                   timeout: Duration, pollInterval: Duration = .milliseconds(200)) async throws -> TrialComponentStatus {
        let component = try await store.component(named: name)
        guard isJob(component) else {
            throw JobError.notRunning(component: name, status: "\(component.status) and it was not started by strata job run")
        }
        switch component.status.primary {
        case .inProgress:
            try await store.apply(TrackingWriteBatch(component: name, statusChange: .init(status: TrialComponentStatus(.stopping, message: reason))))
        case .stopping:
            break   // asked already: wait with the first request
        case .completed, .failed, .stopped:
            throw JobError.notRunning(component: name, status: component.status.description)
        }
        let deadline = ContinuousClock.now + timeout
        var status = TrialComponentStatus(.stopping, message: reason)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: pollInterval)
            status = try await store.component(named: name).status
            if status.primary != .stopping { break }
        }
        return status
    }
}
