import ArgumentParser
import Foundation
import StrataData

/// The feature CSV every algorithm verb reads: which columns, which id column, how to treat
/// missing cells.
struct InputOptions: ParsableArguments {
    @Argument(help: "Input CSV with a header row.") var input: String
    @Option(help: "Comma-separated feature columns (default: every column but the id).") var columns: String?
    @Option(help: "The id column, carried to outputs (default: a column named 'id' if present).") var idColumn: String?
    @Option(help: "Missing cells: an error, the column's mean, median, zero, or a number to fill in.") var impute: ImputeChoice = .error
    @Option(help: "Whether line 1 names the columns: auto (a line of only numbers is refused), yes, or no (columns are named column1, column2, ...).")
    var header: CSVHeader = .automatic
    @Flag(help: "Parse the CSV again instead of using the cached table (kept in $STRATA_CACHE_DIR, else .strata/cache/csv).")
    var noCache = false

    func reader() -> CSVReader {
        let names = columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return CSVReader(columns: names, idColumn: idColumn.map { .named($0) } ?? .automatic, missingValues: impute.policy,
                         header: header)
    }

    /// Reads the input through the table cache unless `--no-cache` (or the input is not a regular file).
    func load() throws -> FeatureTable {
        let url = URL(fileURLWithPath: input)
        guard FileManager.default.fileExists(atPath: url.path) else { throw UserError("no such file: \(input)") }
        var isDirectory: ObjCBool = false
        let regular = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && ((try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeRegular)
        if noCache || !regular { return try reader().read(url) }
        return try CSVTableCache().load(url: url, options: reader()).table
    }
}

extension CSVHeader: ExpressibleByArgument {}

extension DataError: UserFacingLibraryError {
    var userMessage: String { description }
}

/// Progress and summaries go to stderr so stdout stays clean for data and tables.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
