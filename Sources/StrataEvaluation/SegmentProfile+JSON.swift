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
            var text = ByteText()
            for index in range {
                let segment = segments[index]
                if index > 0 { text.append(byte: 0x2C) }
                text.append("{\"distinguishing\":[" + segment.distinguishing.map(Self.jsonString).joined(separator: ",") + "],\"features\":[")
                for (f, feature) in segment.features.enumerated() {
                    if f > 0 { text.append(byte: 0x2C) }
                    text.append("{\"mean\":"); text.append(feature.mean)
                    text.append(",\"median\":"); text.append(feature.median)
                    text.append(",\"name\":"); text.append(f < names.count && feature.name == featureNames[f] ? names[f] : Self.jsonString(feature.name))
                    if let ratio = feature.ratioToOverall { text.append(",\"ratioToOverall\":"); text.append(ratio) }
                    if let difference = feature.standardizedDifference { text.append(",\"standardizedDifference\":"); text.append(difference) }
                    text.append(byte: 0x7D)
                }
                text.append("],\"isNoise\":\(segment.isNoise),\"label\":\(segment.label),\"share\":")
                text.append(segment.share)
                text.append(",\"size\":\(segment.size)}")
            }
            return text.bytes
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
