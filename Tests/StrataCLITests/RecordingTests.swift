import Foundation
import StrataTracking
import Testing

/// What one recorded run of a verb leaves in the store, through the real binary: a new component
/// per run, `--replace`, and an interrupted run.
@Suite struct RecordingTests {
    struct Shown: Decodable { let component: TrialComponent }

    func component(_ name: String, _ cli: CLIRunner, _ store: [String]) throws -> TrialComponent {
        let shown = try cli.run(["components", "show", name, "--json"] + store)
        #expect(shown.code == 0, "\(shown.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Shown.self, from: Data(shown.stdout.utf8)).component
    }

    func componentNames(trial: String, _ cli: CLIRunner, _ store: [String]) throws -> Set<String> {
        let listed = try cli.run(["components", "list", "--trial", trial, "--json"] + store)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return Set(try decoder.decode([TrialComponent].self, from: Data(listed.stdout.utf8)).map(\.name))
    }

    /// Rows of two features with an id column, deterministic.
    func writeData(_ cli: CLIRunner, rows: Int) throws {
        var text = "id,a,b\n"
        for i in 0..<rows { text += "r\(i),\(Double(i % 97) / 7),\(Double(i % 89) / 5)\n" }
        try cli.write("data.csv", text)
    }

    @Test func rerunsAreNewNumberedComponentsUnlessReplaced() throws {
        let cli = try CLIRunner()
        let store = ["--store", "sqlite:\(cli.path("record.sqlite"))"]
        try writeData(cli, rows: 300)
        func kmeans(_ k: Int, _ extra: [String] = []) throws {
            let run = try cli.run(["cluster", "kmeans", "data.csv", "--n-clusters", "\(k)", "--seed", "1", "--out", "labels-\(k).csv",
                                   "--trial", "rerun"] + extra + store)
            #expect(run.code == 0, "\(run.stderr)")
        }
        try kmeans(2)
        try kmeans(3)
        try kmeans(4)
        #expect(try componentNames(trial: "rerun", cli, store) == ["rerun-kmeans", "rerun-kmeans-2", "rerun-kmeans-3"])
        for (name, k) in [("rerun-kmeans", 2), ("rerun-kmeans-2", 3), ("rerun-kmeans-3", 4)] {
            let c = try component(name, cli, store)
            #expect(c.status.primary == .completed)
            #expect(c.parameters["n_clusters"] == .number(Double(k)), "\(name)")
            #expect(c.metrics["fit_seconds"]?.count == 1, "one run's series only in \(name)")
            #expect(c.metrics["cluster_size"]?.count == k)
            let labels = try #require(c.outputs["labels.csv"])
            #expect(labels.value == "\(name)/labels.csv")
            let copy = cli.directory.appendingPathComponent("artifacts").appendingPathComponent(labels.value)
            #expect(try Data(contentsOf: copy) == Data(contentsOf: URL(fileURLWithPath: cli.path("labels-\(k).csv"))))
        }

        // --replace: the first run's component is recorded afresh, nothing merged, no new number.
        try kmeans(5, ["--replace"])
        #expect(try componentNames(trial: "rerun", cli, store) == ["rerun-kmeans", "rerun-kmeans-2", "rerun-kmeans-3"])
        let replaced = try component("rerun-kmeans", cli, store)
        #expect(replaced.parameters["n_clusters"] == .number(5))
        #expect(replaced.metrics["fit_seconds"]?.count == 1)
        #expect(replaced.metrics["cluster_size"]?.count == 5)
        let copy = cli.directory.appendingPathComponent("artifacts/rerun-kmeans/labels.csv")
        #expect(try Data(contentsOf: copy) == Data(contentsOf: URL(fileURLWithPath: cli.path("labels-5.csv"))))
    }

    /// SIGINT while `cluster kmeans` writes its labels (into a FIFO nobody drains, so the run
    /// is certainly inside the recorded step): the component ends Stopped with what was logged,
    /// and the process exits 130.
    @Test func interruptedRunIsStoppedWithWhatItLogged() throws {
        let cli = try CLIRunner()
        let store = ["--store", "sqlite:\(cli.path("record.sqlite"))"]
        try writeData(cli, rows: 20_000)   // ~200 KB of labels: more than a pipe holds
        let fifo = cli.path("labels.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }

        let process = Process()
        process.executableURL = try CLIRunner.strataURL()
        process.arguments = ["cluster", "kmeans", "data.csv", "--n-clusters", "3", "--seed", "1", "--out", fifo,
                             "--experiment", "signals", "--trial", "cut"] + store
        process.currentDirectoryURL = cli.directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until labels arrive in the FIFO: the verb is then past logging its parameters.
        var descriptor = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(120)
        while descriptor.revents & Int16(POLLIN) == 0 && process.isRunning && Date() < deadline {
            _ = poll(&descriptor, 1, 100)
        }
        #expect(process.isRunning, "the run ended before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)

        let c = try component("cut-kmeans", cli, store)
        #expect(c.status == TrialComponentStatus(.stopped, message: "interrupted by SIGINT"))
        #expect(c.endTime != nil)
        #expect(c.parameters["n_clusters"] == .number(3), "logged before the interruption, flushed by it")
    }
}
