import Foundation
import StrataTracking

/// The JSON of a write batch, with its metric points — nearly all of a Tracker's traffic —
/// written by hand as columns (`metricColumns`): `JSONEncoder` costs about ten times as much
/// per point, and the server decodes arrays of numbers several times faster than objects.
enum TrackingWriteEncoding {
    struct Header: Encodable {
        var component: String
        var statusChange: TrackingWriteBatch.StatusChange?
        var parameters: [String: ParameterValue]
        var artifacts: [TrackingWriteBatch.ArtifactWrite]
    }

    static func encode(_ batch: TrackingWriteBatch) throws -> Data {
        var header = try TrackingWireFormat.encoder.encode(Header(component: batch.component, statusChange: batch.statusChange,
                                                                  parameters: batch.parameters, artifacts: batch.artifacts))
        guard !batch.metricPoints.isEmpty else { return header }
        // Columns: arrays of numbers cost the server far less to decode than objects.
        var names: [String] = []
        var index: [String: Int] = [:]
        var nameColumn: [UInt8] = [], valueColumn: [UInt8] = [], stepColumn: [UInt8] = [], timeColumn: [UInt8] = []
        let count = batch.metricPoints.count
        nameColumn.reserveCapacity(count * 2); valueColumn.reserveCapacity(count * 20)
        stepColumn.reserveCapacity(count * 7); timeColumn.reserveCapacity(count * 18)
        for (i, point) in batch.metricPoints.enumerated() {
            if i > 0 {
                nameColumn.append(44); valueColumn.append(44); stepColumn.append(44); timeColumn.append(44)
            }
            let slot: Int
            if let known = index[point.name] { slot = known } else {
                slot = names.count
                index[point.name] = slot
                names.append(point.name)
            }
            nameColumn.append(contentsOf: String(slot).utf8)
            valueColumn.append(contentsOf: point.value.description.utf8)
            if let step = point.step { stepColumn.append(contentsOf: String(step).utf8) } else { stepColumn.append(contentsOf: "null".utf8) }
            timeColumn.append(contentsOf: point.timestamp.description.utf8)
        }
        var out: [UInt8] = Array(#","metricColumns":{"names":"#.utf8)
        out.append(contentsOf: try TrackingWireFormat.encoder.encode(names))
        out.append(contentsOf: #","name":["#.utf8); out.append(contentsOf: nameColumn)
        out.append(contentsOf: #"],"value":["#.utf8); out.append(contentsOf: valueColumn)
        out.append(contentsOf: #"],"step":["#.utf8); out.append(contentsOf: stepColumn)
        out.append(contentsOf: #"],"timestamp":["#.utf8); out.append(contentsOf: timeColumn)
        out.append(contentsOf: "]}}".utf8)
        // The header ends with "}": the points go in before it.
        header.removeLast()
        header.append(contentsOf: out)
        return header
    }
}
