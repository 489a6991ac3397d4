import Foundation

extension StepCache {
    /// Which recorded component holds the `embedding.csv` of entry `key`: a run that reuses a
    /// cached embedding points to that component instead of storing the same file again.
    /// Nil when none was noted (or the note cannot be read).
    func holder(of key: String) -> String? {
        guard let text = try? String(contentsOf: holderURL(key), encoding: .utf8) else { return nil }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// Notes `component` as the holder of entry `key`'s embedding (written atomically; the last
    /// writer wins, and any holder will do).
    func setHolder(_ component: String, of key: String) {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? Data(component.utf8).write(to: holderURL(key), options: .atomic)
    }

    func holderURL(_ key: String) -> URL { directory.appendingPathComponent("\(key).holder") }
}
