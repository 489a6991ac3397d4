import Foundation
import StrataCore
import StrataData

/// A clustering's rows as the segments view serves them: one label per row, the row ids, and
/// the embedding's coordinates (row-major, `dimensions` per row) when one is recorded.
///
/// Read with the package's parallel CSV reader: `labels.csv` (`id,label`) and `embedding.csv`
/// (`id,<method>1,…`), which a run writes for the same rows in the same order (checked: counts
/// and ids must agree). Memory: 4 bytes per coordinate and per label, plus the ids.
struct SegmentTable: Sendable {
    let ids: [String]?
    let labels: [Int32]
    let positions: [Float]?
    let dimensions: Int

    var count: Int { labels.count }

    init(labels labelsURL: URL, embedding embeddingURL: URL?) throws {
        let labelTable: FeatureTable
        do {
            labelTable = try CSVReader(columns: ["label"]).read(labelsURL)
        } catch {
            throw ServerError(.conflict, "The recorded labels cannot be read: \(error)")
        }
        ids = labelTable.ids
        let column = labelTable.matrix.storage
        var labels = [Int32](repeating: 0, count: column.count)
        for (i, value) in column.enumerated() {
            guard value >= -1, value < 2_147_483_648, value == value.rounded() else {
                throw ServerError(.conflict, "\(labelsURL.lastPathComponent) row \(i + 1): the label \(value) is not a segment number (-1 = noise).")
            }
            labels[i] = Int32(value)
        }
        self.labels = labels
        guard let embeddingURL else {
            positions = nil; dimensions = 0
            return
        }
        let embedding: FeatureTable
        do {
            embedding = try CSVReader().read(embeddingURL)
        } catch {
            throw ServerError(.conflict, "The recorded embedding cannot be read: \(error)")
        }
        guard embedding.rowCount == labels.count else {
            throw ServerError(.conflict, "The embedding has \(embedding.rowCount) rows but the labels \(labels.count): they are not the same clustering's.")
        }
        if let ids, let embeddingIDs = embedding.ids, ids != embeddingIDs {
            throw ServerError(.conflict, "The embedding's row ids differ from the labels': they are not the same clustering's.")
        }
        positions = embedding.matrix.storage
        dimensions = embedding.columnCount
    }

    /// The id of row `index` (its 0-based number when the files have no id column).
    func id(at index: Int) -> String { ids?[index] ?? String(index) }
}
