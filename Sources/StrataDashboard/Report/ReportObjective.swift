import Foundation

/// The objective a pipeline run records in its trial's metadata, `objective.metric` =
/// `"segmentation_score (maximize)"`: the metric's name and which way is better.
///
/// ```swift
/// let objective = ReportObjective(recorded: "davies_bouldin (minimize)")   // metric "davies_bouldin", .minimize
/// objective?.isBetter(0.4, than: 0.7)                                       // true
/// ```
public struct ReportObjective: Codable, Sendable, Hashable {
    public enum Direction: String, Codable, Sendable, Hashable {
        case maximize, minimize
    }

    public var metric: String
    public var direction: Direction

    public init(metric: String, direction: Direction) {
        self.metric = metric; self.direction = direction
    }

    /// Parses `"<metric> (<maximize|minimize>)"`; nil for anything else.
    public init?(recorded text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
        let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        let word = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        guard !name.isEmpty, let direction = Direction(rawValue: String(word)) else { return nil }
        self.init(metric: name, direction: direction)
    }

    /// The metadata spelling, as ``init(recorded:)`` reads it.
    public var recorded: String { "\(metric) (\(direction.rawValue))" }

    /// Whether `a` beats `b` in this objective's direction (ties are not better).
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        direction == .maximize ? a > b : a < b
    }
}
