import Foundation
import StrataCore
import StrataData

/// The customers a pipeline runs on: the feature table (columns chosen, missing cells filled as
/// asked), the fill value of every column for new customers, and a key that changes whenever
/// the file's content or the read options do.
public struct PipelineData: Sendable {
    public let table: FeatureTable
    /// The value a missing cell of each column gets (nil when the pipeline refuses missing cells).
    public let fillValues: [Float]?
    /// Fingerprint of the file content and the read options: the root of every step-cache key.
    public let contentKey: String

    public init(table: FeatureTable, fillValues: [Float]?, contentKey: String) {
        self.table = table; self.fillValues = fillValues; self.contentKey = contentKey
    }

    /// Reads the pipeline's CSV; with a `memo`, a file this process already read (same path,
    /// size, modification time and read options) is not read or hashed again.
    public static func load(_ spec: DataSpec, url: URL, memo: StepMemo? = nil) throws -> PipelineData {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
            throw PipelineError.failed("data.path: no such file: \(url.path)")
        }
        let identity = "data \(url.path) \((attributes[.size] as? Int) ?? -1) "
            + "\(((attributes[.modificationDate] as? Date) ?? .distantPast).timeIntervalSince1970) \(String(describing: spec))"
        if let kept = memo?.value(identity, as: PipelineData.self) { return kept }
        let data = try read(spec, url: url)
        memo?.keep(identity, data, bytes: 4 * data.table.matrix.storage.count + 16 * data.table.matrix.rows)
        return data
    }

    private static func read(_ spec: DataSpec, url: URL) throws -> PipelineData {
        let reader = CSVReader(columns: spec.columns, idColumn: spec.idColumn.map { .named($0) } ?? .automatic,
                               missingValues: spec.impute)
        // Sweeps read the same file hundreds of times: the binary table cache skips parsing.
        let result = try CSVTableCache().load(url: url, options: reader).result
        var key = Fingerprint()
        key.update(String(try ContentHash.ofFile(atPath: url.path), radix: 16))
        key.update(String(describing: spec.columns ?? []) + "|" + (spec.idColumn ?? "") + "|" + String(describing: spec.impute))
        return PipelineData(table: result.table, fillValues: fillValues(spec.impute, result), contentKey: key.hex)
    }

    /// Every column's fill value: what the reader wrote where cells were missing, and the same
    /// statistic computed over the column where none were.
    private static func fillValues(_ policy: MissingValuePolicy, _ result: CSVReader.Result) -> [Float]? {
        guard case .impute(let imputation) = policy else { return nil }
        let m = result.table.matrix
        return (0..<m.columns).map { c in
            if let value = result.imputedValues[c] { return value }
            switch imputation {
            case .zero: return 0
            case .constant(let v): return v
            case .mean:
                var sum = 0.0
                for r in 0..<m.rows { sum += Double(m[r, c]) }
                return m.rows > 0 ? Float(sum / Double(m.rows)) : 0
            case .median:
                var values = (0..<m.rows).map { m[$0, c] }
                values.sort()
                guard !values.isEmpty else { return 0 }
                let mid = values.count / 2
                return values.count % 2 == 1 ? values[mid] : Float((Double(values[mid - 1]) + Double(values[mid])) / 2)
            }
        }
    }
}
