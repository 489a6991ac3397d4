import Foundation
import StrataJobs
import StrataSQLite
import StrataTracking
import Testing

/// Whole jobs against a real SQLite store: a shell script that writes SageMaker metric files
/// and output, fails, or is stopped through the record.
@Suite struct JobRunnerTests {
    func configuration(_ scripts: JobScripts, _ command: [String], name: String? = nil) -> JobConfiguration {
        JobConfiguration(experiment: "churn", trial: "baseline", componentName: name, command: command,
                         workingDirectory: scripts.directory, region: "eu-west-1", account: "123456789012",
                         gracePeriod: .seconds(5), pollInterval: .milliseconds(50), controlInterval: .milliseconds(100),
                         teeOutput: false, host: "test-host")
    }

    func store(_ scripts: JobScripts) throws -> SQLiteTrackingStore {
        try openSQLiteTrackingStore(url: "sqlite:\(scripts.url("store/strata.sqlite").path)")
    }

    @Test func aScriptsMetricsOutputAndEndLandInTheRecord() async throws {
        let scripts = try JobScripts()
        let store = try store(scripts)
        let now = Int(Date().timeIntervalSince1970)
        let command = try scripts.script("train.sh", """
        echo "arn=$TRAINING_JOB_ARN endpoint=$SAGEMAKER_ENDPOINT region=$AWS_REGION key=$AWS_ACCESS_KEY_ID"
        for i in 0 1 2 3; do
          printf '{"MetricName": "loss", "Value": 0.%d, "Timestamp": \(now), "IterationNumber": %d}\\n' $((9 - i)) $i >> "$SAGEMAKER_METRICS_DIRECTORY/$$.json"
        done
        printf 'bad line\\n' >> "$SAGEMAKER_METRICS_DIRECTORY/$$.json"
        echo "warning on stderr" >&2
        """)
        let runner = try await JobRunner.prepare(store: store, configuration: configuration(scripts, command))
        #expect(runner.component == "baseline-job")
        #expect(runner.trainingJobARN == "arn:aws:sagemaker:eu-west-1:123456789012:training-job/baseline-job")
        let outcome = try await runner.run(endpoint: "http://127.0.0.1:9", credentials: JobCredentials(accessKeyID: "STRAKEY", secretAccessKey: "s"))
        #expect(outcome.exit == .exited(0) && outcome.exitStatus == 0)
        #expect(outcome.metricPoints == 4)
        #expect(outcome.issues.count == 1 && outcome.issues.first?.line == 5)

        let component = try await store.component(named: "baseline-job")
        #expect(component.status == TrialComponentStatus(.completed))
        #expect(component.sourceJob == runner.trainingJobARN)
        #expect(component.trials == ["baseline"])
        #expect(component.startTime != nil && component.endTime != nil)
        #expect(component.parameters["job.command"] == .string("/bin/sh \(scripts.url("train.sh").path)"))
        #expect(component.parameters["job.working_directory"] == .string(scripts.directory.path))
        #expect(component.parameters["job.host"] == .string("test-host"))
        #expect(component.parameters["job.exit_code"] == .number(0))
        #expect(component.parameters["job.duration_seconds"].map { if case .number(let s) = $0 { s >= 0 } else { false } } == true)
        #expect(try await store.metricSeries(component: "baseline-job", metric: "loss").map(\.step) == [0, 1, 2, 3])
        #expect(component.metrics["loss"]?.last == 0.6)

        let log = try #require(component.outputs["job.log"])
        let file = try #require(store.artifactFileURL(log))
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("arn=\(runner.trainingJobARN) endpoint=http://127.0.0.1:9 region=eu-west-1 key=STRAKEY"))
        #expect(text.contains("warning on stderr"))
        #expect(log.sizeBytes == Int64(text.utf8.count) && log.sha256?.count == 64)
    }

    @Test func aFailingScriptIsFailedWithItsExitCodeAndRunsAreNumbered() async throws {
        let scripts = try JobScripts()
        let store = try store(scripts)
        let command = try scripts.script("fail.sh", "echo boom >&2; exit 3\n")
        let first = try await JobRunner.prepare(store: store, configuration: configuration(scripts, command, name: "fit"))
        let outcome = try await first.run()
        #expect(outcome.exitStatus == 3)
        #expect(outcome.status == TrialComponentStatus(.failed, message: "exited with status 3"))
        let component = try await store.component(named: "fit")
        #expect(component.status == TrialComponentStatus(.failed, message: "exited with status 3"))
        #expect(component.parameters["job.exit_code"] == .number(3))

        let second = try await JobRunner.prepare(store: store, configuration: configuration(scripts, command, name: "fit"))
        #expect(second.component == "fit-2", "a new component per run")
        #expect(try await store.components(trial: "baseline").map(\.name).sorted() == ["fit", "fit-2"])
    }

    @Test func aStopRequestedThroughTheRecordStopsTheChild() async throws {
        let scripts = try JobScripts()
        let store = try store(scripts)
        let command = try scripts.script("long.sh", """
        trap 'echo "terminating"; exit 7' TERM
        touch '\(scripts.url("started").path)'
        while true; do sleep 0.05; done
        """)
        let runner = try await JobRunner.prepare(store: store, configuration: configuration(scripts, command))
        async let outcome = runner.run()
        #expect(await JobScripts.waitUntil { FileManager.default.fileExists(atPath: scripts.url("started").path) })
        let final = try await JobControl.requestStop(component: runner.component, store: store, reason: "stopped by ana",
                                                     timeout: .seconds(240))
        #expect(final == TrialComponentStatus(.stopped, message: "stopped by ana"))
        let result = try await outcome
        #expect(result.exitStatus == 130 && result.exit == .exited(7))
        let component = try await store.component(named: runner.component)
        #expect(component.parameters["job.exit_code"] == .number(7))
        let artifact = try #require(component.outputs["job.log"])
        let log = try String(contentsOf: try #require(store.artifactFileURL(artifact)), encoding: .utf8)
        #expect(log.contains("terminating"), "the child got SIGTERM first")
        await #expect(throws: JobError.notRunning(component: runner.component, status: "Stopped: stopped by ana")) {
            _ = try await JobControl.requestStop(component: runner.component, store: store, timeout: .zero)
        }
    }

    @Test func aStopFromThisProcessAndAnUnstartableCommand() async throws {
        let scripts = try JobScripts()
        let store = try store(scripts)
        let command = try scripts.script("wait.sh", "touch '\(scripts.url("started").path)'; exec sleep 600\n")
        let runner = try await JobRunner.prepare(store: store, configuration: configuration(scripts, command))
        async let outcome = runner.run()
        #expect(await JobScripts.waitUntil { FileManager.default.fileExists(atPath: scripts.url("started").path) })
        runner.stop(reason: "interrupted by SIGINT")
        let result = try await outcome
        #expect(result.status == TrialComponentStatus(.stopped, message: "interrupted by SIGINT"))
        #expect(result.exit == .signaled(SIGTERM) && result.exitStatus == 130)

        let broken = try await JobRunner.prepare(store: store, configuration: configuration(scripts, ["strata-no-such-tool"]))
        await #expect(throws: JobError.self) { _ = try await broken.run() }
        let component = try await store.component(named: broken.component)
        #expect(component.status.primary == .failed)
        #expect(component.status.message?.contains("no such command") == true)

        let unserved = try await JobRunner.prepare(store: store, configuration: configuration(scripts, command))
        try await unserved.recordFailureToStart("could not start: no server")
        #expect(try await store.component(named: unserved.component).status == TrialComponentStatus(.failed, message: "could not start: no server"))
    }
}
