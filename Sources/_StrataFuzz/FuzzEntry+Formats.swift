import Foundation
import StrataCore
import StrataData
import StrataTracking
import StrataTransforms

extension FuzzEntry {
    /// The CSV reader on in-memory bytes, refusing missing cells and imputing them.
    public static let csv = FuzzEntry(
        name: "csv",
        seeds: {
            [
                "id,recency,frequency,monetary\nc1,3,12,450.5\nc2,40,1,19.99\nc3,7,4,1.5e3\n",
                "\u{FEFF}a,b\r\n1,2\r\n\r\n3,-4.25\r\n",
                "id,\"x, quoted\",y\n\"a \"\"b\"\"\",1,2\n\"c\",\"4\",3\n",
                "id,v\n1,1e-45\n2,3.4028235e38\n3,-0.0\n4,+7.\n",
            ].map { Array($0.utf8) }
        },
        isDocumented: { $0 is DataError },
        body: { bytes in
            var failure: (any Error)?
            for reader in [CSVReader(), CSVReader(missingValues: .impute(.median))] {
                do { _ = try reader.read(bytes: bytes, name: "fuzz.csv") } catch { failure = error }
            }
            if let failure { throw failure }
        })

    /// The search language: parse, then compile for every dialect and target.
    public static let search = FuzzEntry(
        name: "search",
        seeds: {
            [
                "metrics.silhouette > 0.4 and params.algorithm = \"dbscan\" order by metrics.silhouette desc limit 10",
                "metrics.silhouette.max >= 0.2 or not (params.k in (3, 4, 5)) offset 5",
                "tags.owner contains 'ana' and created > \"2026-01-01\" order by metrics.inertia.last asc, name",
                "status = \"Completed\" and metrics.noise_share.min < 1e-2 limit 3 offset 1",
                "params.n_components = 3 and (metrics.trustworthiness.mean >= 0.9 or params.min_dist != 0.1)",
            ].map { Array($0.utf8) }
        },
        isDocumented: { $0 is SearchError },
        body: { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let query = try SearchQuery.parse(text)
            for dialect in SQLDialect.allCases {
                for target in SearchTarget.allCases { _ = SearchCompiler(dialect: dialect, target: target).compile(query) }
            }
        })

    /// UMAP model files: decode, then place two rows when the model can (a decoded model must
    /// never trap later). Models asking for more than 300 transform epochs or 20 negative
    /// samples are decoded only: they are valid, just slow to run for every input.
    public static let umapModel = FuzzEntry(
        name: "umap-model",
        seeds: {
            var g = SeededGenerator(seed: 5)
            let data = try Matrix(rows: 24, columns: 3, values: (0..<72).map { _ in Float(g.nextGaussian()) })
            let model = try UMAP(neighborCount: 4, epochCount: 9, seed: 3).fit(data)
            return [try model.encoded(includeTrainingData: true), try model.encoded(includeTrainingData: false)].map { Array($0) }
        },
        isDocumented: { $0 is StrataError },
        repair: reframeUMAPHeader,
        body: { bytes in
            let model: UMAP.Model
            do { model = try UMAP.Model.decode(Data(bytes), source: "fuzz.umap") } catch {
                // One clear error names the file; anything else is reported as a finding.
                guard "\(error)".hasPrefix("fuzz.umap ") else { throw UnnamedFileError(message: "\(error)") }
                throw error
            }
            let config = model.configuration
            guard model.canTransform, (config.epochCount ?? 0) <= 900, config.negativeSampleRate <= 20,
                  let columns = model.trainingData?.columns else { return }
            let rows = try Matrix(rows: 2, columns: columns, values: (0..<(2 * columns)).map { Float($0 % 5) - 2 })
            _ = try model.transform(rows)
        })

    /// PCA models saved as JSON: decode, then transform and invert two rows.
    public static let pcaModel = FuzzEntry(
        name: "pca-model",
        seeds: {
            var g = SeededGenerator(seed: 8)
            let data = try Matrix(rows: 40, columns: 4, values: (0..<160).map { _ in Float(g.nextGaussian()) })
            let encoder = JSONEncoder()
            return try [PCA(componentCount: .count(2)), PCA(componentCount: .count(3), whiten: true)].map {
                Array(try encoder.encode($0.fit(data)))
            }
        },
        isDocumented: { $0 is DecodingError || $0 is StrataError },
        body: { bytes in
            let model = try JSONDecoder().decode(PCA.Model.self, from: Data(bytes))
            let d = model.featureCount
            let rows = try Matrix(rows: 2, columns: d, values: (0..<(2 * d)).map { Float($0 % 3) })
            _ = try model.inverseTransform(model.transform(rows))
        })

    /// Rewrites the header length of a UMAP model file to the length of the JSON object that
    /// follows it, so mutations inside the header reach the header checks instead of all
    /// failing at the length.
    @Sendable static func reframeUMAPHeader(_ bytes: [UInt8]) -> [UInt8]? {
        let start = 20
        guard bytes.count > start, bytes[start] == UInt8(ascii: "{") else { return nil }
        var depth = 0, inString = false, escaped = false, end: Int?
        for i in start..<bytes.count {
            let c = bytes[i]
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if c == UInt8(ascii: "\"") { inString = true }
            else if c == UInt8(ascii: "{") { depth += 1 }
            else if c == UInt8(ascii: "}") { depth -= 1; if depth == 0 { end = i + 1; break } }
        }
        guard let end else { return nil }
        var out = bytes
        let length = UInt64(end - start)
        for i in 0..<8 { out[12 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
        return out
    }
}

/// A model-file error that does not name the file: reported as a finding.
struct UnnamedFileError: Error { let message: String }
