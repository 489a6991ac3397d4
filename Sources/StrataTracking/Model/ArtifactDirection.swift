/// Whether an artifact was consumed (`input`) or produced (`output`) by a component; the
/// `artifacts.direction` column.
///
/// ```swift
/// let write = ArtifactWrite(direction: .output, name: "labels", artifact: Artifact(value: "s3://b/labels.csv"))
/// ```
public enum ArtifactDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case input
    case output
}
