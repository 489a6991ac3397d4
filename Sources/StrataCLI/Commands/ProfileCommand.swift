import ArgumentParser
import Foundation
import StrataData
import StrataEvaluation

/// `strata profile data.csv --labels labels.csv [--json] [--out profile.csv]`: who is in each
/// segment, in the original units of the data.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Describe each segment: size, share, feature means and medians, and what sets it apart.")
    @OptionGroup var input: InputOptions
    @Option(help: "Labels CSV with 'id' and 'label' columns, as the cluster verbs write it; rows are joined by id.") var labels: String
    @Flag(help: "Print the profile as JSON instead of a table.") var json = false
    @Option(help: "Also write the profile as CSV (one row per segment and feature) to this file.") var out: String?
    @Option(help: "Distinguishing features listed per segment.") var top: Int = 3

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be ≥ 0, got \(top)") }
    }

    func run() async throws {
        let table = try input.load()
        let byId = try LabelsFile(labels).labelsByID()
        var joined = [Int]()
        joined.reserveCapacity(table.rowCount)
        for row in 0..<table.rowCount {
            let id = table.id(at: row)
            guard let label = byId[id] else {
                throw UserError("\(labels): no label for id '\(id)' (line \(row + 2) of \(input.input))")
            }
            joined.append(label)
        }
        let profile = try SegmentProfile(data: table.matrix, columnNames: table.columnNames, labels: joined, topFeatureCount: top)
        if let out { try profile.csv().write(toFile: out, atomically: true, encoding: .utf8) }
        if json {
            print(String(decoding: try profile.json(), as: UTF8.self))
            return
        }
        printProfileSummary(profile)
        print("")
        var means = TextTable(columns: ["feature", "all"] + profile.segments.map { $0.isNoise ? "noise" : "segment \($0.label)" })
        for (f, name) in profile.featureNames.enumerated() {
            means.append([name, NumberFormat.short(profile.overallMean[f])] + profile.segments.map { s in
                let feature = s.features[f]
                return "\(NumberFormat.short(feature.mean)) (×\(feature.ratioToOverall.map { String(format: "%.2f", $0) } ?? "–"))"
            })
        }
        print("Mean per segment (× overall mean):")
        print(means.render())
    }
}

/// One line per segment: size, share and the features that set it apart.
func printProfileSummary(_ profile: SegmentProfile) {
    var summary = TextTable(columns: ["segment", "rows", "share", "stands out by"])
    for s in profile.segments {
        let standouts = s.distinguishing.map { name -> String in
            let f = s.features.first { $0.name == name }!
            return "\(name) \(String(format: "%+.2f", f.standardizedDifference ?? 0)) sd"
        }
        summary.append([s.isNoise ? "noise" : String(s.label), String(s.size), String(format: "%.1f%%", s.share * 100),
                        standouts.joined(separator: ", ")])
    }
    print(summary.render())
}

