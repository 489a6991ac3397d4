import Foundation
import StrataCore

extension SegmentProfile {
    /// The Codable form of ``json()`` without whitespace, written directly: `JSONEncoder` goes
    /// through a container per value, and a sweep writes one profile of segments × features
    /// entries per attempt. Keys sorted, nil values omitted, numbers in their shortest exact
    /// form — `JSONDecoder` reads it back as this value.
    public func compactJSON() -> Data {
        var out = "{\"featureNames\":["
        out += featureNames.map(Self.jsonString).joined(separator: ",")
        out += "],\"overallMean\":" + Self.jsonNumbers(overallMean)
        out += ",\"overallMedian\":" + Self.jsonNumbers(overallMedian)
        out += ",\"overallStandardDeviation\":" + Self.jsonNumbers(overallStandardDeviation)
        out += ",\"rowCount\":\(rowCount),\"segments\":["
        var data = Data(out.utf8)
        // Segments are formatted in chunks over the cores, straight into bytes.
        let names = featureNames.map(Self.jsonString), featureNames = featureNames, segments = segments
        for chunk in Parallel.mapChunks(count: segments.count, minimumChunk: 16, { range -> [UInt8] in
            var bytes = [UInt8]()
            func text(_ s: String) { bytes.append(contentsOf: s.utf8) }
            for index in range {
                let segment = segments[index]
                if index > 0 { bytes.append(0x2C) }
                text("{\"distinguishing\":[" + segment.distinguishing.map(Self.jsonString).joined(separator: ",") + "],\"features\":[")
                for (f, feature) in segment.features.enumerated() {
                    if f > 0 { bytes.append(0x2C) }
                    text("{\"mean\":"); text(feature.mean.description)
                    text(",\"median\":"); text(feature.median.description)
                    text(",\"name\":"); text(f < names.count && feature.name == featureNames[f] ? names[f] : Self.jsonString(feature.name))
                    if let ratio = feature.ratioToOverall { text(",\"ratioToOverall\":"); text(ratio.description) }
                    if let difference = feature.standardizedDifference { text(",\"standardizedDifference\":"); text(difference.description) }
                    bytes.append(0x7D)
                }
                text("],\"isNoise\":\(segment.isNoise),\"label\":\(segment.label),\"share\":\(segment.share.description),\"size\":\(segment.size)}")
            }
            return bytes
        }) { data.append(contentsOf: chunk) }
        data.append(contentsOf: Array("]}".utf8))
        return data
    }

    private static func jsonNumbers(_ values: [Double]) -> String {
        "[" + values.map(\.description).joined(separator: ",") + "]"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
