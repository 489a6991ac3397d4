import Foundation
import StrataTracking

/// The JSON of a write batch, with its metric points — nearly all of a Tracker's traffic —
/// written by hand: `JSONEncoder` costs about ten times as much per point.
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
        var out: [UInt8] = []
        out.reserveCapacity(batch.metricPoints.count * 64 + 32)
        out.append(contentsOf: #","metricPoints":["#.utf8)
        var names: [String: [UInt8]] = [:]
        for (i, point) in batch.metricPoints.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"name":"#.utf8)
            if let name = names[point.name] { out.append(contentsOf: name) } else {
                let name = try TrackingWireFormat.encoder.encode(point.name)
                names[point.name] = Array(name)
                out.append(contentsOf: name)
            }
            if let step = point.step {
                out.append(contentsOf: #","step":"#.utf8)
                out.append(contentsOf: String(step).utf8)
            }
            out.append(contentsOf: #","timestamp":"#.utf8)
            out.append(contentsOf: point.timestamp.description.utf8)
            out.append(contentsOf: #","value":"#.utf8)
            out.append(contentsOf: point.value.description.utf8)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        // The header ends with "}": the points go in before it.
        header.removeLast()
        header.append(contentsOf: out)
        return header
    }
}
