import ArgumentParser
import Foundation
import StrataJobs
import StrataTracking

/// `strata job stop baseline-job-2`: asks a running job to stop, through the record.
struct JobStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop a running job: its script gets SIGTERM, then SIGKILL after the grace period.",
        discussion: """
        The job's component is marked Stopping; its `strata job run`, on any machine using the same store, notices \
        within a second, stops the script and marks the job Stopped. Waits for that unless --wait 0.
        """)

    @Argument(help: "The job: its component name, as `strata job run` printed it.") var job: String
    @Option(help: "Seconds to wait for the job to be marked Stopped (0: only ask).") var wait: Double = 30
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be a number of seconds, 0 or more") }
    }

    func run() async throws {
        let store = try storeOptions.open()
        let status = try await JobControl.requestStop(component: job, store: store, reason: "stopped with strata job stop",
                                                      timeout: .milliseconds(Int(wait * 1000)))
        if status.primary == .stopping {
            if wait == 0 {
                print("\(job): stop requested")
                return
            }
            throw UserError("\(job) was asked to stop but its `strata job run` has not answered in \(String(format: "%g", wait)) s; "
                            + "it stays Stopping until that process notices (is it still running?)")
        }
        print("\(job): \(status)")
    }
}
