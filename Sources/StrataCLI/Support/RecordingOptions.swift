import ArgumentParser
import Foundation
import StrataSQLite
import StrataTracking

/// `--store/--experiment/--trial` on every algorithm verb: when an experiment or trial is named,
/// the verb's parameters, metrics and output files are logged as a trial component.
struct RecordingOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Record this run in the named experiment (created if missing).") var experiment: String?
    @Option(help: "Record this run as (part of) the named trial (created if missing; default: a fresh name).") var trial: String?
    @Flag(help: "Replace the trial's earlier run of this verb (its parameters, metrics and files) instead of recording a new, numbered run.")
    var replace = false

    var isRecording: Bool { experiment != nil || trial != nil }

    /// Runs `body` inside a tracked component when recording, else with nil. Each run is a new
    /// component: `<trial>-<step>`, then `<trial>-<step>-2`, `-3`, … (the first free name, safe
    /// between processes); with `--replace`, `<trial>-<step>` is deleted and recorded afresh.
    /// SIGINT or SIGTERM during the run marks the component Stopped, keeps what was logged, and
    /// exits 130 or 143.
    func record<T>(step: String, _ body: (Tracker?) async throws -> T) async throws -> T {
        guard isRecording else { return try await body(nil) }
        let store = try storeOptions.open()
        let experimentName = experiment ?? "default"
        _ = try await store.loadOrCreateExperiment(experimentName)
        let trialName = trial ?? RecordingOptions.freshTrialName(step: step)
        _ = try await store.loadOrCreateTrial(trialName, experiment: experimentName)
        let base = "\(trialName)-\(step)"
        let component: String
        if replace {
            do { try await store.deleteComponent(base) } catch TrackingError.notFound {}
            component = try await store.createComponent(base, displayName: nil, tags: [:], sourceJob: nil).name
        } else {
            component = try await store.createNumberedComponent(base).name
        }
        let result = try await Tracker.with(store: store, component: component, trials: [trialName],
                                            options: Tracker.Options(stopsOnTerminationSignal: true)) { tracker in
            try await body(tracker)
        }
        FileHandle.standardError.write(Data("recorded as component \(component) in trial \(trialName) (experiment \(experimentName))\n".utf8))
        return result
    }

    /// A unique, valid trial name: the step plus the UTC time and a random suffix.
    static func freshTrialName(step: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        return "\(step)-\(formatter.string(from: Date()))-\(suffix)"
    }
}

/// Wall-clock timing of a block, for the `seconds` metrics every verb records.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
