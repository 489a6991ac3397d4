/// The release `strata --version` reports (kept in step with CHANGELOG.md).
enum StrataVersion {
    static let version = "0.1.0"
}
