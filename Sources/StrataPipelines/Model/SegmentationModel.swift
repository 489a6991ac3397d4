import Foundation
import StrataClustering
import StrataCore
import StrataData
import StrataTransforms

/// A fitted segmentation pipeline in one file: the input columns by name, fill values for
/// missing cells, every fitted step (selection, log1p, scaler, PCA or UMAP, clusterer), and a
/// readable header — what `strata predict` uses to assign new customers to segments.
///
/// ```swift
/// let model = try SegmentationModel(contentsOf: URL(fileURLWithPath: "seg.strata-model"))
/// let assignment = try model.predict(newCustomers)     // a FeatureTable with the model's columns
/// assignment.labels                                    // -1 = noise (DBSCAN, HDBSCAN)
/// ```
///
/// File layout (version 2): the line `strata-segmentation-model 2`, one line of JSON (the
/// ``Header``: `head -2 file` shows it), then a sealed binary payload — magic, length, the
/// fitted steps with numeric arrays as raw little-endian blocks, a checksum. A damaged,
/// truncated or newer file is one ``ModelFileError``, never a crash. Version 2 stores HDBSCAN's
/// trees as columns (version 1 as lists of records, still read).
public struct SegmentationModel: Sendable {
    public static let formatVersion = 2
    static let firstLine = "strata-segmentation-model"
    static let payloadMagic = Array("STRATAMODEL1\n".utf8)

    /// The readable part of the file.
    public struct Header: Sendable, Codable, Hashable {
        public var formatVersion: Int
        public var strataVersion: String
        public var pipeline: String
        public var createdAt: Double
        /// The input columns, by name, in the order the model reads them.
        public var featureNames: [String]
        /// The value given to a missing cell of each input column; nil = missing cells are an error.
        public var fillValues: [Float]?
        /// The fitted steps' names, in order.
        public var steps: [String]
        /// The options of every step, as recorded (`steps.cluster.eps` → "0.31").
        public var parameters: [String: String]

        public init(formatVersion: Int = SegmentationModel.formatVersion, strataVersion: String, pipeline: String, createdAt: Double,
                    featureNames: [String], fillValues: [Float]?, steps: [String], parameters: [String: String]) {
            self.formatVersion = formatVersion; self.strataVersion = strataVersion; self.pipeline = pipeline; self.createdAt = createdAt
            self.featureNames = featureNames; self.fillValues = fillValues; self.steps = steps; self.parameters = parameters
        }
    }

    public var header: Header
    public var steps: [FittedStep]

    public init(header: Header, steps: [FittedStep]) throws(ModelFileError) {
        guard let last = steps.last, last.isClusterer else { throw .corrupt("the last step is not a clusterer") }
        guard steps.dropLast().allSatisfy({ !$0.isClusterer }) else { throw .corrupt("a clusterer appears before the last step") }
        self.header = header; self.steps = steps
    }

    /// Reads a model file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PipelineError.failed("cannot read model file \(url.path): \(error.localizedDescription)")
        }
        do {
            self = try data.withUnsafeBytes { try SegmentationModel.read($0) }
        } catch let error as ModelFileError {
            throw PipelineError.failed("\(url.path): \(error)")
        } catch {
            throw PipelineError.failed("\(url.path): the model file is damaged: \(error)")
        }
    }

    /// Reads a model from the bytes of a model file.
    public init(bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try SegmentationModel.read($0) }
    }

    static func read(_ raw: UnsafeRawBufferPointer) throws -> SegmentationModel {
        guard let firstEnd = raw.firstIndex(of: 10), firstEnd < 64 else { throw ModelFileError.notAModelFile }
        let first = String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<firstEnd]), as: UTF8.self).split(separator: " ")
        guard first.count == 2, first[0] == firstLine, let version = Int(first[1]) else { throw ModelFileError.notAModelFile }
        guard version <= formatVersion, version >= 1 else {
            throw ModelFileError.unsupportedVersion(found: version, supported: formatVersion)
        }
        let headerStart = firstEnd + 1
        guard let headerEnd = raw[headerStart...].firstIndex(of: 10) else { throw ModelFileError.corrupt("the header line never ends") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(UnsafeRawBufferPointer(rebasing: raw[headerStart..<headerEnd])))
        } catch { throw ModelFileError.corrupt("the header is not valid: \(error)") }
        let payload = try SealedPayload.open(UnsafeRawBufferPointer(rebasing: raw[(headerEnd + 1)...]), magic: payloadMagic)
        var offset = 0
        let value = try BinaryValue.read(payload, offset: &offset)
        guard offset == payload.count else { throw ModelFileError.corrupt("bytes follow the fitted steps") }
        let steps: [FittedStep]
        do { steps = try BinaryModelDecoder.decode([FittedStep].self, from: value) } catch let error as ModelFileError { throw error } catch {
            // A payload whose checksum holds but whose steps do not decode was written wrongly or edited.
            throw ModelFileError.corrupt("the fitted steps cannot be read: \(error)")
        }
        guard steps.map(\.name) == header.steps else { throw ModelFileError.corrupt("the header's steps do not match the payload") }
        if let fill = header.fillValues, fill.count != header.featureNames.count {
            throw ModelFileError.corrupt("\(fill.count) fill values for \(header.featureNames.count) columns")
        }
        return try SegmentationModel(header: header, steps: steps)
    }

    /// Writes the model atomically.
    public func write(to url: URL) throws {
        try encoded().write(to: url, options: .atomic)
    }

    /// The model file's bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Array("\(Self.firstLine) \(Self.formatVersion)\n".utf8)
        out.append(contentsOf: try encoder.encode(header))
        out.append(10)
        var payload: [UInt8] = []
        try BinaryModelEncoder.encode(steps).write(to: &payload)
        var sealed = Self.payloadMagic
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { sealed.append(contentsOf: $0) }
        sealed.append(contentsOf: payload)
        sealed.append(contentsOf: SealedPayload.fingerprint(payload))
        out.append(contentsOf: sealed)
        return Data(out)
    }
}
