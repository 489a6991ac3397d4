/// A mistake in a pipeline file, a `--set` override or a sweep's search space: one sentence that
/// names where (file, line and column, or the override), the key, and what was expected.
public enum PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not valid YAML.
    case syntax(path: String, message: String)
    /// A key or value is wrong; `message` says what was expected (and suggests a key when one
    /// was misspelt).
    case invalid(origin: SpecOrigin, key: String, message: String)
    /// The data, a step or the sweep failed while running.
    case failed(String)

    public var description: String {
        switch self {
        case .syntax(let path, let message): "\(path): not a valid pipeline file: \(message)"
        case .invalid(let origin, let key, let message): key.isEmpty ? "\(origin): \(message)" : "\(origin): \(key): \(message)"
        case .failed(let message): message
        }
    }
}
