import Foundation

/// The last parsed ``SegmentTable``s, so the page's second request (and a re-request at another
/// `max`) skips parsing a million-row CSV again. Keyed by the two files' paths, sizes and
/// modification times, so a re-recorded artifact is read afresh. Holds two tables at most
/// (a million 3-D rows with ids is ~60 MB each).
actor SegmentTableCache {
    private struct Key: Hashable {
        var files: [String]
    }

    private var entries: [(key: Key, table: SegmentTable)] = []
    private let capacity: Int

    init(capacity: Int = 2) { self.capacity = capacity }

    func table(labels: URL, embedding: URL?) throws -> SegmentTable {
        let key = Key(files: [labels, embedding].compactMap { $0 }.map(Self.identity))
        if let index = entries.firstIndex(where: { $0.key == key }) {
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.table
        }
        let table = try SegmentTable(labels: labels, embedding: embedding)
        entries.append((key, table))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        return table
    }

    private static func identity(_ url: URL) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(url.path)|\(size)|\(modified)"
    }
}
