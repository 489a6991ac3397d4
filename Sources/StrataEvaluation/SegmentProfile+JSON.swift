import Foundation

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
        let names = featureNames.map(Self.jsonString)
        for (index, segment) in segments.enumerated() {
            if index > 0 { out += "," }
            out += "{\"distinguishing\":[" + segment.distinguishing.map(Self.jsonString).joined(separator: ",") + "],\"features\":["
            for (f, feature) in segment.features.enumerated() {
                if f > 0 { out += "," }
                out += "{\"mean\":" + feature.mean.description + ",\"median\":" + feature.median.description + ",\"name\":"
                    + (f < names.count && feature.name == featureNames[f] ? names[f] : Self.jsonString(feature.name))
                if let ratio = feature.ratioToOverall { out += ",\"ratioToOverall\":\(ratio.description)" }
                if let difference = feature.standardizedDifference { out += ",\"standardizedDifference\":\(difference.description)" }
                out += "}"
            }
            out += "],\"isNoise\":\(segment.isNoise),\"label\":\(segment.label),\"share\":\(segment.share.description),\"size\":\(segment.size)}"
        }
        out += "]}"
        return Data(out.utf8)
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
