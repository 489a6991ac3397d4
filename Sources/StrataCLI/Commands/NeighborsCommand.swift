import ArgumentParser
import Foundation
import StrataCore
import StrataData
import StrataNeighbors

/// `strata neighbors k-distance <csv> --k 10 [--curve-out curve.csv]`: prints the knee eps.
struct NeighborsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors", abstract: "Nearest-neighbour analyses.", subcommands: [KDistanceCommand.self])

    struct KDistanceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "k-distance", abstract: "The sorted k-distance curve and its knee: a suggested DBSCAN eps.")
        @OptionGroup var input: InputOptions
        @Option(help: "Neighbour rank, counting the point itself (use DBSCAN's min-samples; default: the suggestion).") var k: Int?
        @Option(help: "Kneedle sensitivity S: larger values wait for a sharper bend.") var sensitivity: Double = 1
        @Option(help: "Write the sorted curve (rank,distance) here.") var curveOut: String?
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            if let k, k < 1 { throw ValidationError("--k must be at least 1 (it counts the point itself), got \(k)") }
            guard sensitivity.isFinite, sensitivity >= 0 else { throw ValidationError("--sensitivity must be a number ≥ 0, got \(sensitivity)") }
        }

        func run() async throws {
            let table = try input.load()
            let k = self.k ?? KDistance.suggestedMinSamples(rows: table.matrix.rows, columns: table.matrix.columns)
            try await recording.record(step: "k-distance") { tracker in
                let (result, seconds) = try timed { try KDistance(k: k, sensitivity: sensitivity).knee(table.matrix) }
                if let curveOut {
                    let m = try Matrix(rows: result.curve.count, columns: 1, values: result.curve)
                    try CSVWriter().write(m, columnNames: ["distance"], ids: (1...result.curve.count).map(String.init), idColumn: "rank",
                                          to: URL(fileURLWithPath: curveOut))
                }
                if let value = result.value, let index = result.kneeIndex {
                    print("eps \(value)  (knee at rank \(index) of \(result.curve.count), k = \(k), \(NumberFormat.seconds(seconds)))")
                } else {
                    print("no knee found (k = \(k)); inspect the curve\(curveOut.map { " in \($0)" } ?? " with --curve-out")")
                }
                try await tracker?.logParameters(["k": .number(Double(k)), "sensitivity": .number(sensitivity)])
                try await tracker?.logInput("data", value: input.input, mediaType: "text/csv")
                if let value = result.value { try await tracker?.logMetric("knee_eps", Double(value)) }
                try await tracker?.logMetric("k_distance_seconds", seconds)
                if let curveOut { try await tracker?.logArtifact(file: URL(fileURLWithPath: curveOut), name: "k-distance.csv", mediaType: "text/csv") }
            }
        }
    }
}
