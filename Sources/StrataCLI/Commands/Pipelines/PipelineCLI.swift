import Foundation
import StrataData
import StrataPipelines

/// Shared pieces of the pipeline verbs (`run`, `sweep`, `predict`).
enum PipelineCLI {
    static func loadSpec(_ path: String, overrides: [String]) throws -> PipelineSpec {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw UserError("no such file: \(path)") }
        let spec = try PipelineSpec(contentsOf: url)
        return overrides.isEmpty ? spec : try spec.setting(overrides)
    }

    /// A valid, unique trial name from the pipeline's name.
    static func freshTrialName(_ pipeline: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = pipeline.map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { out, c in
            if !(c == "-" && (out.isEmpty || out.last == "-")) { out.append(c) }
        }
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        return "\(base.isEmpty ? "run" : String(base.prefix(80)))-\(formatter.string(from: Date()))-\(suffix)"
    }

    /// The data's ids (re-read cheaply from the header-chosen id column) for writing labels.
    static func ids(_ spec: PipelineSpec) throws -> [String]? {
        try PipelineData.load(spec.data, url: spec.dataURL).table.ids
    }

    struct Summary: Encodable {
        let trial: String
        let feasible: Bool
        let infeasibleReason: String?
        let objective: String
        let objectiveValue: Double?
        let scores: [String: Double]
        let parameters: [String: String]

        init(_ result: PipelineResult, spec: PipelineSpec) {
            trial = result.trial; feasible = result.isFeasible; infeasibleReason = result.infeasibleReason
            objective = spec.objective.metric; objectiveValue = result.objectiveValue; scores = result.scores
            parameters = result.model.header.parameters
        }
    }

    static func printResult(_ result: PipelineResult, spec: PipelineSpec, recorded: Bool) {
        for step in result.outcome.steps {
            let cached = step.cacheHit ? " (from the step cache)" : ""
            print("\(step.kind): \(NumberFormat.seconds(step.seconds))\(cached)")
        }
        var table = TextTable(columns: ["score", "value"])
        for (name, value) in result.scores.sorted(by: { $0.key < $1.key }) { table.append([name, String(format: "%.4f", value)]) }
        print(table.render())
        let value = result.objectiveValue.map { String(format: "%.4f", $0) } ?? "undefined"
        print("objective \(spec.objective.metric) (\(spec.objective.direction.rawValue)): \(value)\(result.isFeasible ? "" : " — infeasible: \(result.infeasibleReason!)")")
        if recorded { print("recorded as trial \(result.trial)") }
    }
}

extension PipelineError: UserFacingLibraryError {
    var userMessage: String { description }
}

extension ModelFileError: UserFacingLibraryError {
    var userMessage: String { description }
}
