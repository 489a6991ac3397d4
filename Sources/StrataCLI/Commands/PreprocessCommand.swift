import ArgumentParser
import Foundation
import StrataCore
import StrataData

/// `strata preprocess scale|correlate|select`.
struct PreprocessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess", abstract: "Scale, inspect correlations, and select feature columns.",
        subcommands: [Scale.self, Correlate.self, Select.self])

    struct Scale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Optionally log1p, then scale the feature columns.")
        @OptionGroup var input: InputOptions
        @Option(help: "Scaler: standard (zero mean, unit variance), minmax ([0, 1]), robust (median and IQR) or none.")
        var method: ScalerChoice = .standard
        @Option(help: "log1p first on: none, all, skewed (skewness > 1, non-negative), or comma-separated column names.")
        var log1p: Log1pChoice = .none
        @Option(help: "Output CSV (id column kept).") var out: String
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            let table = try input.load()
            try await recording.record(step: "preprocessing") { tracker in
                let (prepared, seconds) = try timed { try FeaturePreparation(log1p: log1p, scaling: method).apply(to: table) }
                try CSVWriter().write(prepared.table, to: URL(fileURLWithPath: out))
                print("\(method.rawValue) scaling\(prepared.loggedColumns.isEmpty ? "" : " after log1p on \(prepared.loggedColumns.count) column(s)") of \(table.matrix.rows) × \(table.matrix.columns) in \(NumberFormat.seconds(seconds)); written to \(out)")
                try await tracker?.logParameters(["scaling": .string(method.rawValue), "log1p": .string(log1p.description),
                                                  "log1p_columns": .string(prepared.loggedColumns.joined(separator: ","))])
                try await tracker?.logInput("data", value: input.input, mediaType: "text/csv")
                try await tracker?.logMetric("preprocess_seconds", seconds)
                try await tracker?.logArtifact(file: URL(fileURLWithPath: out), name: "scaled.csv", mediaType: "text/csv")
            }
        }
    }

    struct Correlate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pearson correlation: print the most correlated pairs, optionally write the matrix.")
        @OptionGroup var input: InputOptions
        @Option(help: "Print pairs with |r| above this (strictly: a pair exactly at it is not listed, as `preprocess select` keeps it).")
        var threshold: Double = 0.8
        @Option(help: "Write the full matrix as CSV.") var out: String?
        @OptionGroup var output: OutputOptions

        struct Pair: Encodable { let a: String; let b: String; let r: Double }

        func validate() throws {
            guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1, got \(threshold)") }
        }

        func run() async throws {
            let table = try input.load()
            let correlation = try CorrelationMatrix(table.matrix)
            let names = table.columnNames, d = correlation.columnCount
            var pairs: [Pair] = []
            for i in 0..<d { for j in (i + 1)..<d where abs(correlation[i, j]) > threshold {
                pairs.append(Pair(a: names[i], b: names[j], r: correlation[i, j]))
            } }
            pairs.sort { abs($0.r) > abs($1.r) }
            if let out {
                let m = try Matrix(rows: d, columns: d, values: correlation.values.map(Float.init))
                try CSVWriter().write(m, columnNames: names, ids: names, idColumn: "column", to: URL(fileURLWithPath: out))
            }
            if output.json { return try JSONOutput.print(pairs) }
            var table2 = TextTable(columns: ["column", "column", "r"])
            for p in pairs { table2.append([p.a, p.b, String(format: "%.4f", p.r)]) }
            print(pairs.isEmpty ? "no pair with |r| > \(threshold)" : table2.render())
            if !correlation.constantColumns.isEmpty {
                print("constant columns (no correlation defined): \(correlation.constantColumns.map { names[$0] }.joined(separator: ", "))")
            }
        }
    }

    struct Select: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drop near-constant columns and one column of each highly correlated pair.")
        @OptionGroup var input: InputOptions
        @Option(help: "Drop columns with variance at or below this.") var varianceThreshold: Double = 0
        @Option(help: "Drop the later column of each pair with |r| above this (strictly: a pair exactly at it stays).")
        var correlationThreshold: Double = 0.9
        @Option(help: "Output CSV (id column kept).") var out: String
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            guard varianceThreshold >= 0, varianceThreshold.isFinite else {
                throw ValidationError("--variance-threshold must be a number ≥ 0, got \(varianceThreshold)")
            }
            guard (0...1).contains(correlationThreshold) else {
                throw ValidationError("--correlation-threshold must be between 0 and 1, got \(correlationThreshold)")
            }
        }

        func run() async throws {
            let table = try input.load()
            try await recording.record(step: "selection") { tracker in
                let variance = try VarianceThreshold(threshold: varianceThreshold).fit(table.matrix)
                let afterVariance = try variance.transform(table)
                let selector = try CorrelationSelector(threshold: correlationThreshold).fit(afterVariance.matrix)
                let selected = try selector.transform(afterVariance)
                try CSVWriter().write(selected, to: URL(fileURLWithPath: out))
                let lowVariance = Set(table.columnNames).subtracting(afterVariance.columnNames).sorted()
                if !lowVariance.isEmpty { print("dropped for variance ≤ \(varianceThreshold): \(lowVariance.joined(separator: ", "))") }
                for p in selector.pairs {
                    print("dropped \(afterVariance.columnNames[p.dropped]) (r = \(String(format: "%.3f", p.correlation)) with \(afterVariance.columnNames[p.kept]))")
                }
                print("kept \(selected.columnNames.count) of \(table.columnNames.count) columns; written to \(out)")
                try await tracker?.logParameters(["variance_threshold": .number(varianceThreshold), "correlation_threshold": .number(correlationThreshold),
                                                  "kept_columns": .string(String(selected.columnNames.joined(separator: ",").prefix(2_500)))])
                try await tracker?.logMetric("kept_column_count", Double(selected.columnNames.count))
                try await tracker?.logArtifact(file: URL(fileURLWithPath: out), name: "selected.csv", mediaType: "text/csv")
            }
        }
    }
}

/// log1p on chosen columns, then a scaler: `preprocess scale`'s recipe.
struct FeaturePreparation {
    var log1p: Log1pChoice
    var scaling: ScalerChoice

    struct Prepared { let table: FeatureTable; let loggedColumns: [String] }

    func apply(to table: FeatureTable) throws -> Prepared {
        var current = table
        var logged: [Int] = []
        switch log1p {
        case .none: break
        case .all: logged = Array(0..<table.matrix.columns)
        case .skewed: logged = try Log1pTransform.skewedColumns(table.matrix)
        case .columns(let names): logged = try names.map { try table.columnIndex($0) }
        }
        if !logged.isEmpty { current = try Log1pTransform(columns: logged).transform(current) }
        switch scaling {
        case .standard: current = try StandardScaler().fit(current.matrix).transform(current)
        case .minmax: current = try MinMaxScaler().fit(current.matrix).transform(current)
        case .robust: current = try RobustScaler().fit(current.matrix).transform(current)
        case .none: break
        }
        return Prepared(table: current, loggedColumns: logged.map { table.columnNames[$0] })
    }
}
