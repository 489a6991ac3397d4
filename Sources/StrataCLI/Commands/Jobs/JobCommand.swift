import ArgumentParser
import StrataJobs

/// `strata job run|stop`: any script as a tracked job on this machine.
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job", abstract: "Run a script as a tracked job, or stop one.",
        discussion: """
        A job is a trial component: its command line, working directory and host, its metrics (from SageMaker \
        metric files), its output (the job.log artifact), exit code, duration and status. Scripts written for \
        SageMaker training jobs work unchanged: Tracker.load() finds the job's component and log_metric is recorded. \
        See Guides/Jobs.md.
        """,
        subcommands: [JobRunCommand.self, JobStopCommand.self])
}

extension JobError: UserFacingLibraryError {
    var userMessage: String { description }
}
