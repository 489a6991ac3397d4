import ArgumentParser
import Foundation
import StrataCore
import StrataTransforms

/// `strata transform model new.csv --out embedding.csv`: places new rows into a fitted UMAP
/// (`reduce umap --model-out`) or projects them with a fitted PCA (`reduce pca --model-out`).
struct TransformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform", abstract: "Place new rows into a fitted UMAP embedding or project them with a fitted PCA.",
        discussion: "A PCA model reads the columns it was fitted on, by name, unless --columns says otherwise; a UMAP model takes the feature columns in the order it was fitted on.")
    @Argument(help: "Model file written by `strata reduce umap --model-out` or `strata reduce pca --model-out`.") var model: String
    @OptionGroup var input: InputOptions
    @Option(help: "Output CSV of the embedding.") var out: String
    @OptionGroup var recording: RecordingOptions

    /// A fitted model of either kind, read from its file.
    enum Fitted {
        case umap(UMAP.Model)
        case pca(PCA.Model)
    }

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: model) else { throw UserError("no such file: \(model)") }
        let fitted = try Self.read(bytes, path: model)
        var options = input
        if case .pca(let pca) = fitted, options.columns == nil { options.columns = pca.featureNames.joined(separator: ",") }
        let table = try options.load()
        try await recording.record(step: "transform") { tracker in
            let (embedding, seconds) = try timed { () throws -> Matrix in
                switch fitted {
                case .umap(let umap): try umap.transform(table.matrix)
                case .pca(let pca): try pca.transform(table.matrix)
                }
            }
            let prefix = if case .pca = fitted { "pc" } else { "umap" }
            try writeEmbedding(embedding, prefix: prefix, ids: table.ids, to: out)
            print("placed \(table.matrix.rows) rows in \(NumberFormat.seconds(seconds)); written to \(out)")
            try await tracker?.logInput("model", value: model, mediaType: prefix == "pc" ? "application/json" : "application/octet-stream")
            try await tracker?.logMetric("transform_seconds", seconds)
            try await tracker?.logArtifact(file: URL(fileURLWithPath: out), name: "embedding.csv", mediaType: "text/csv")
        }
    }

    /// A PCA model is JSON (it starts with `{`); anything else must be a UMAP model file.
    static func read(_ bytes: Data, path: String) throws -> Fitted {
        if bytes.first == UInt8(ascii: "{") {
            do { return .pca(try JSONDecoder().decode(PCA.Model.self, from: bytes)) }
            catch { throw UserError("\(path) is not a Strata PCA model file (\(error))") }
        }
        let umap: UMAP.Model
        do { umap = try UMAP.Model.decode(bytes, source: path) }
        catch { throw UserError(error.description) }
        guard umap.canTransform else {
            throw UserError("\(path) was saved compactly (without training rows); refit with `strata reduce umap --model-out` and no --compact-model")
        }
        return .umap(umap)
    }
}
