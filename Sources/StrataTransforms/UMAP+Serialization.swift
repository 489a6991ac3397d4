import Foundation
import StrataCore

extension UMAP.Model {
    /// File layout: "STRATAUMAP1\n", UInt64 header length, JSON header (configuration, a, b, shapes),
    /// then raw little-endian Float32 embedding and, when kept, training rows. The graph is never saved.
    struct Header: Codable {
        var configuration: UMAP
        var a: Double
        var b: Double
        var rows: Int
        var componentCount: Int
        var trainingColumns: Int?
    }
    static let magic = Data("STRATAUMAP1\n".utf8)

    /// Saves the model. `includeTrainingData: false` writes the compact form (configuration, a, b,
    /// embedding — 4·n·componentCount bytes plus a small header); such a model cannot `transform`.
    public func write(to url: URL, includeTrainingData: Bool) throws {
        let keep = includeTrainingData ? trainingData : nil
        let header = Header(configuration: configuration, a: a, b: b, rows: embedding.rows,
                            componentCount: embedding.columns, trainingColumns: keep?.columns)
        let json = try JSONEncoder().encode(header)
        var out = UMAP.Model.magic
        var length = UInt64(json.count).littleEndian
        out.append(Data(bytes: &length, count: 8))
        out.append(json)
        embedding.storage.withUnsafeBytes { out.append(contentsOf: $0) }
        keep?.storage.withUnsafeBytes { out.append(contentsOf: $0) }
        try out.write(to: url)
    }

    /// Reads a model written by ``write(to:includeTrainingData:)``.
    public static func read(from url: URL) throws -> UMAP.Model {
        let data = try Data(contentsOf: url)
        let bad = StrataError.invalidArgument("\(url.path) is not a Strata UMAP model file")
        guard data.count >= magic.count + 8, data.prefix(magic.count) == magic else { throw bad }
        var offset = magic.count
        let length = Int(UInt64(littleEndian: data.subdata(in: offset..<(offset + 8)).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        offset += 8
        guard data.count >= offset + length else { throw bad }
        let header = try JSONDecoder().decode(Header.self, from: data.subdata(in: offset..<(offset + length)))
        offset += length
        func floats(_ count: Int) throws -> [Float] {
            guard data.count >= offset + 4 * count else { throw bad }
            var values = [Float](repeating: 0, count: count)
            _ = values.withUnsafeMutableBytes { dst in data.copyBytes(to: dst, from: offset..<(offset + 4 * count)) }
            offset += 4 * count
            return values
        }
        let embedding = try Matrix(rows: header.rows, columns: header.componentCount,
                                   values: floats(header.rows * header.componentCount))
        var training: Matrix?
        if let columns = header.trainingColumns {
            training = try Matrix(rows: header.rows, columns: columns, values: floats(header.rows * columns))
        }
        return UMAP.Model(configuration: header.configuration, embedding: embedding, a: header.a, b: header.b,
                          trainingData: training, graph: nil)
    }
}
