import ArgumentParser
import Foundation
import StrataData

/// `strata generate customers`: the sample sparse customer table and its hidden segments.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate sample data.", subcommands: [Customers.self])

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A realistic sparse customer table (ids, recency/frequency/monetary, tenure, per-category counts and spend).")
        @Option(help: "Number of customers (1,000 to 5,000,000 is the intended range).") var rows: Int = 50_000
        @Option(help: "Random seed: the same seed gives the same file.") var seed: UInt64 = 42
        @Option(help: "Output CSV.") var out: String = "customers.csv"
        @Option(help: "Where to write the hidden segment labels (id,segment; -1 = noise).") var labelsOut: String?

        func validate() throws {
            guard rows >= 1 else { throw ValidationError("--rows must be at least 1, got \(rows)") }
        }

        func run() async throws {
            let (_, seconds) = try timed {
                try CustomerGenerator(rows: rows, seed: seed).write(
                    to: URL(fileURLWithPath: out), labelsTo: labelsOut.map { URL(fileURLWithPath: $0) })
            }
            note("wrote \(rows) customers to \(out)\(labelsOut.map { " and their segments to \($0)" } ?? "") in \(NumberFormat.seconds(seconds))")
        }
    }
}
