import Foundation
import StrataCore

extension UMAP.Model {
    /// File layout: "STRATAUMAP1\n", UInt64 header length, JSON header (configuration, a, b, shapes),
    /// then raw little-endian (the byte order of every platform Strata builds for) Float32 embedding and, when kept, training rows. The graph is never saved.
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
        try encoded(includeTrainingData: includeTrainingData).write(to: url)
    }

    /// The bytes ``write(to:includeTrainingData:)`` stores.
    public func encoded(includeTrainingData: Bool) throws -> Data {
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
        return out
    }

    /// Reads a model written by ``write(to:includeTrainingData:)``; a damaged or foreign file is
    /// one `StrataError.invalidArgument` naming the file and what is wrong.
    public static func read(from url: URL) throws -> UMAP.Model {
        let data: Data
        do { data = try Data(contentsOf: url) }
        catch { throw StrataError.invalidArgument("cannot read the UMAP model file \(url.path): \(error.localizedDescription)") }
        return try decode(data, source: url.path)
    }

    /// Parses the bytes of a model file. Every length, count and offset is checked against the
    /// bytes present before it is used, the header's shapes against the configuration, and every
    /// stored value for finiteness, so no input can trap or yield a model that traps later.
    /// - Parameters:
    ///   - data: the whole file's bytes.
    ///   - source: names the input in error messages (a path).
    public static func decode(_ data: Data, source: String) throws(StrataError) -> UMAP.Model {
        func bad(_ why: String) -> StrataError {
            .invalidArgument("\(source) is not a valid Strata UMAP model file: \(why)")
        }
        let bytes = data.count, base = data.startIndex
        guard bytes >= magic.count, data.prefix(magic.count).elementsEqual(magic) else {
            throw bad("it does not start with the UMAP model signature")
        }
        guard bytes >= magic.count + 8 else { throw bad("it ends inside the header length (\(bytes) bytes)") }
        var offset = magic.count
        var length64: UInt64 = 0
        for i in 0..<8 { length64 |= UInt64(data[base + offset + i]) << (8 * UInt64(i)) }
        offset += 8
        guard length64 <= UInt64(bytes - offset) else {
            throw bad("the header length \(length64) exceeds the \(bytes - offset) bytes after it")
        }
        let length = Int(length64)
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data[(base + offset)..<(base + offset + length)]) }
        catch { throw bad("the header is not readable JSON (\(error))") }
        offset += length
        let config = header.configuration
        do { try config.validate() } catch { throw bad("the stored configuration is invalid: \(error)") }
        guard header.rows >= 1 else { throw bad("row count \(header.rows) must be at least 1") }
        guard header.componentCount == config.componentCount else {
            throw bad("the embedding has \(header.componentCount) columns, the configuration \(config.componentCount)")
        }
        guard header.a.isFinite, header.a > 0, header.b.isFinite, header.b > 0 else {
            throw bad("the curve parameters a = \(header.a), b = \(header.b) must be positive and finite")
        }
        if let columns = header.trainingColumns, columns < 1 {
            throw bad("training column count \(columns) must be at least 1")
        }
        // Byte counts in checked arithmetic: a huge row count must not overflow into a small one.
        func byteCount(_ columns: Int, _ what: String) throws(StrataError) -> Int {
            let (values, o1) = header.rows.multipliedReportingOverflow(by: columns)
            let (count, o2) = values.multipliedReportingOverflow(by: 4)
            guard !o1, !o2 else { throw bad("\(header.rows) × \(columns) \(what) values do not fit in memory") }
            return count
        }
        let embeddingBytes = try byteCount(header.componentCount, "embedding")
        let trainingBytes = try header.trainingColumns.map { c throws(StrataError) in try byteCount(c, "training") } ?? 0
        let expected = embeddingBytes.addingReportingOverflow(trainingBytes)
        guard !expected.overflow, expected.partialValue == bytes - offset else {
            throw bad("the header promises \(header.rows) rows (\(expected.overflow ? "too many" : String(expected.partialValue)) bytes of values), the file holds \(bytes - offset)")
        }
        func floats(_ rows: Int, _ columns: Int, _ what: String) throws(StrataError) -> Matrix {
            var values = [Float](repeating: 0, count: rows * columns)
            let range = (base + offset)..<(base + offset + 4 * values.count)
            _ = values.withUnsafeMutableBytes { data.copyBytes(to: $0, from: range) }
            offset += 4 * values.count
            for i in values.indices where !values[i].isFinite {
                throw bad("\(what) value at row \(i / columns), column \(i % columns) is \(values[i])")
            }
            return try Matrix(rows: rows, columns: columns, values: values)
        }
        let embedding = try floats(header.rows, header.componentCount, "embedding")
        let training = try header.trainingColumns.map { c throws(StrataError) in try floats(header.rows, c, "training") }
        return UMAP.Model(configuration: config, embedding: embedding, a: header.a, b: header.b,
                          trainingData: training, graph: nil)
    }
}
