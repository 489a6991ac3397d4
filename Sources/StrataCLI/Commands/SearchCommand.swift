import ArgumentParser
import Foundation
import StrataSQLite
import StrataTracking

/// `strata search "<query>"`: components (or trials) matching the search language, with the
/// keys the query mentions as columns.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search components or trials, e.g. 'metrics.silhouette > 0.4 and params.algorithm = \"dbscan\" order by metrics.silhouette desc limit 10'.")
    @Argument(help: "A query in the search language (see Guides/Search.md); empty lists everything.") var query: String = ""
    @Flag(help: "Search trials (matching when any of their components matches) instead of components.") var trials = false
    @Option(help: "Comma-separated extra columns, e.g. params.eps,metrics.silhouette.max.") var columns: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let parsed = try SearchQuery.parse(query)
        var keys: [SearchKey] = [.attribute(.status)]
        if let filter = parsed.filter { keys += filter.keys }
        keys += parsed.ordering.map(\.key)
        if let columns { for c in splitList(columns) { keys.append(try SearchKey.parse(c)) } }
        var query = parsed
        if query.limit == nil { query.limit = 50 }
        let spec = LeaderboardSpec(target: trials ? .trials : .components, columns: keys, query: query)
        let table = try await storeOptions.open().leaderboard(spec)
        try printLeaderboard(table, json: output.json)
    }
}

/// `strata export`: the leaderboard of an experiment (or a search) as CSV or JSON.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a leaderboard of components or trials as CSV or JSON.")
    @Option(help: "Only this experiment.") var experiment: String?
    @Option(help: "A search-language filter (may hold order by / limit).") var search: String = ""
    @Flag(help: "One row per trial (aggregating its components) instead of per component.") var trials = false
    @Option(help: "Comma-separated columns (default: status, every parameter, and each metric's last/min/max).") var columns: String?
    @Option(help: "Output format.") var format: LeaderboardExporter.Format = .csv
    @Option(help: "Output file (default: standard output).") var out: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let store = try storeOptions.open()
        var keys: [SearchKey]
        if let columns {
            keys = try splitList(columns).map { c throws(SearchError) in try SearchKey.parse(c) }
        } else {
            let names = try await store.recordedKeyNames()
            keys = [.attribute(.experiment), .attribute(.status), .attribute(.created)]
            keys += names.parameters.map { .parameter($0) }
            keys += names.metrics.flatMap { name in [SearchMetricAggregate.last, .min, .max].map { .metric(name, $0) } }
        }
        var query = try SearchQuery.parse(search)
        if let experiment {
            _ = try await store.experiment(named: experiment)
            let scope = SearchExpression.predicate(SearchPredicate(key: .attribute(.experiment), op: .equal, values: [.string(experiment)]))
            query.filter = query.filter.map { .and(scope, $0) } ?? scope
        }
        let (table, seconds) = try await timedAsync {
            try await store.leaderboard(LeaderboardSpec(target: trials ? .trials : .components, columns: keys, query: query))
        }
        let exporter = LeaderboardExporter(format: format)
        if let out {
            try exporter.write(table, to: URL(fileURLWithPath: out))
            note("exported \(table.rows.count) row(s) × \(table.columns.count) column(s) to \(out) in \(NumberFormat.seconds(seconds))")
        } else {
            FileHandle.standardOutput.write(exporter.data(table))
        }
    }
}

/// Prints a leaderboard table (or its JSON).
func printLeaderboard(_ table: LeaderboardTable, json: Bool) throws {
    if json {
        FileHandle.standardOutput.write(LeaderboardExporter(format: .json).data(table))
        return
    }
    var text = TextTable(columns: table.columns)
    for row in table.rows { text.append(row.map(\.displayText)) }
    print(table.rows.isEmpty ? "no match" : text.render())
}

func splitList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

func timedAsync<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try await body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

extension SearchExpression {
    /// Every key the expression mentions, in order of appearance.
    var keys: [SearchKey] {
        switch self {
        case .predicate(let p): return [p.key]
        case .and(let l, let r), .or(let l, let r): return l.keys + r.keys
        case .not(let e): return e.keys
        }
    }
}

extension LeaderboardCell {
    var displayText: String {
        switch self {
        case .null: return ""
        case .number(let v): return NumberFormat.short(v)
        case .text(let s): return s
        case .date(let v): return Date(timeIntervalSince1970: v).listingText
        }
    }
}

extension SearchError: UserFacingLibraryError {
    var userMessage: String { "\(description)\n\(display)" }
}
