import Foundation

/// The end of a job's log file, read while the job may still be appending to it: the last
/// `bytes` bytes of what the file holds at the moment of reading, starting after a line break
/// when the cut falls inside a line (so the first line shown is whole and no UTF-8 character is
/// split).
///
/// ```swift
/// let tail = try JobLogTail.read(URL(fileURLWithPath: "artifacts/t-job/job.log"), bytes: 65_536)
/// tail.text; tail.size   // the shown text, and the file's size when read
/// ```
///
/// O(bytes) time and memory whatever the file's size.
struct JobLogTail: Sendable {
    /// The text shown (invalid UTF-8 replaced).
    var text: String
    /// The file's size when it was read.
    var size: UInt64
    /// The byte offset in the file where `text` starts.
    var start: UInt64

    static let empty = JobLogTail(text: "", size: 0, start: 0)

    /// Reads the end of `file`; a file that does not exist yet (the job has not started writing)
    /// is an empty tail.
    static func read(_ file: URL, bytes: Int) throws -> JobLogTail {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return .empty }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        let wanted = UInt64(max(0, bytes))
        var start = size > wanted ? size - wanted : 0
        try handle.seek(toOffset: start)
        var data = try handle.read(upToCount: Int(size - start)) ?? Data()
        if start > 0, let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
            let skipped = data.distance(from: data.startIndex, to: newline) + 1
            start += UInt64(skipped)
            data = data.suffix(from: newline + 1)
        }
        return JobLogTail(text: String(decoding: data, as: UTF8.self), size: size, start: start)
    }
}
