import Foundation
import StrataCore
import StrataData

/// Writes an embedding with columns `<prefix>1…<prefix>k` and the input's ids.
func writeEmbedding(_ embedding: Matrix, prefix: String, ids: [String]?, to path: String) throws {
    let names = (0..<embedding.columns).map { "\(prefix)\($0 + 1)" }
    try CSVWriter().write(embedding, columnNames: names, ids: ids, to: URL(fileURLWithPath: path))
}
