import ArgumentParser
import Foundation
import StrataData
import StrataEvaluation
import StrataPipelines
import StrataTracking

/// `strata run pipeline.yaml`: one recorded attempt of a pipeline file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a pipeline file as one recorded trial.",
        discussion: "Each step is a component of the trial (parameters, timings, inputs, outputs); labels, embedding and the fitted model are stored as artifacts. See Guides/Pipelines.md for the file format.")
    @Argument(help: "The pipeline file (YAML).") var pipeline: String
    @Option(help: "Record in this experiment (default: the pipeline's name).") var experiment: String?
    @Option(help: "Name of the trial (default: the pipeline's name, the time and a random suffix).") var trial: String?
    @Option(name: .customLong("set"), help: "Override a value of the file, e.g. --set steps.cluster.eps=0.3 (repeatable).")
    var overrides: [String] = []
    @Option(help: "Also write id,label here.") var labelsOut: String?
    @Option(help: "Also write the fitted model here (for `strata predict`).") var modelOut: String?
    @Flag(help: "Do not record the run in the store.") var noRecord = false
    @Flag(help: "Do not reuse or save cached step outputs.") var noCache = false
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let spec = try PipelineCLI.loadSpec(pipeline, overrides: overrides)
        let store: (any TrackingStore)? = noRecord ? nil : try storeOptions.open()
        let cache = noCache ? nil : StepCache.beside(storeURL: storeOptions.url)
        let trialName = try trial ?? PipelineCLI.freshTrialName(spec.name)
        if let store, (try? await store.trial(named: trialName)) != nil {
            throw UserError("trial \(trialName) already exists; choose another --trial")
        }
        let runner = PipelineRunner(store: store, cache: cache, progress: { note("• \($0)") })
        let result = try await runner.run(spec, experiment: experiment ?? spec.name, trial: trialName)
        if let labelsOut {
            try CSVWriter().writeLabels(result.outcome.labels, ids: try PipelineCLI.ids(spec), to: URL(fileURLWithPath: labelsOut))
        }
        if let modelOut { try result.model.write(to: URL(fileURLWithPath: modelOut)) }
        if json { return try JSONOutput.print(PipelineCLI.Summary(result, spec: spec)) }
        PipelineCLI.printResult(result, spec: spec, recorded: store != nil)
        let data = try PipelineData.load(spec.data, url: spec.dataURL)
        print("")
        printProfileSummary(try SegmentProfile(data: data.table.matrix, columnNames: data.table.columnNames, labels: result.outcome.labels))
        if let labelsOut { print("labels written to \(labelsOut)") }
        if let modelOut { print("model written to \(modelOut)") }
    }
}
