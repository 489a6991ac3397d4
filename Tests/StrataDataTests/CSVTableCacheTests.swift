import Foundation
import StrataCore
import StrataData
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The binary table cache: hits skip parsing, any change to the file or the options misses, and a
/// damaged entry is rewritten, never trusted.
@Suite struct CSVTableCacheTests {
    static let text = "id,a,b\nx,1.5,2\ny,,4\nz,5,6.25\n"
    let reader = CSVReader(missingValues: .impute(.mean))

    func entries(_ cache: CSVTableCache) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: cache.directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "table" }
    }

    @Test func secondLoadIsAHitWithTheSameResult() throws {
        let url = csvFile(Self.text)
        let cache = CSVTableCache(directory: temporaryDirectory())
        let first = try cache.load(url: url, options: reader)
        let second = try cache.load(url: url, options: reader)
        let fresh = try reader.readWithSummary(url)
        #expect(!first.fromCache && second.fromCache)
        #expect(second.table == fresh.table && second.table.ids == ["x", "y", "z"])
        #expect(second.result.missingCounts == fresh.missingCounts && second.result.imputedValues == fresh.imputedValues)
        #expect(entries(cache).count == 1)
    }

    @Test func otherOptionsMiss() throws {
        let url = csvFile(Self.text)
        let cache = CSVTableCache(directory: temporaryDirectory())
        _ = try cache.load(url: url, options: reader)
        let other = try cache.load(url: url, options: CSVReader(columns: ["b"], missingValues: .impute(.mean)))
        #expect(!other.fromCache && other.table.columnNames == ["b"])
        #expect(!(try cache.load(url: url, options: CSVReader(missingValues: .impute(.zero)))).fromCache)
    }

    @Test func changedContentWithSameSizeAndTimeMisses() throws {
        let url = csvFile(Self.text)
        let cache = CSVTableCache(directory: temporaryDirectory())
        _ = try cache.load(url: url, options: reader)
        var before = stat()
        #expect(stat(url.path, &before) == 0)
        try Data(Self.text.replacingOccurrences(of: "1.5", with: "2.5").utf8).write(to: url)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, url.path, &times, 0) == 0)
        var after = stat()
        #expect(stat(url.path, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_sec == before.st_mtim.tv_sec
                && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
        let load = try cache.load(url: url, options: reader)
        #expect(!load.fromCache && load.table.matrix[0, 0] == 2.5)
        #expect(try cache.load(url: url, options: reader).fromCache)
    }

    @Test func damagedEntriesAreRewritten() throws {
        let url = csvFile(Self.text)
        let cache = CSVTableCache(directory: temporaryDirectory())
        let fresh = try cache.load(url: url, options: reader).table
        let entry = try #require(entries(cache).first)
        let good = try Data(contentsOf: entry)
        var flipped = good
        flipped[good.count - 20] ^= 0x40
        var wrongLength = good
        wrongLength.replaceSubrange(8..<16, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        for damage in [good.prefix(good.count / 2), flipped, wrongLength, Data("not a cache".utf8), Data()] {
            try damage.write(to: entry)
            let load = try cache.load(url: url, options: reader)
            #expect(!load.fromCache && load.table == fresh)
            #expect(try Data(contentsOf: entry) == good)
        }
    }

    @Test func defaultDirectoryHonoursTheEnvironment() {
        #expect(CSVTableCache.defaultDirectory(environment: ["STRATA_CACHE_DIR": "/tmp/c"], workingDirectory: "/w").path == "/tmp/c")
        #expect(CSVTableCache.defaultDirectory(environment: [:], workingDirectory: "/w").path == "/w/.strata/cache/csv")
    }

    @Test func contentHashSeesEveryByte() throws {
        var bytes = [UInt8](repeating: 7, count: (9 << 20) + 13)
        let url = temporaryDirectory().appendingPathComponent("blob")
        try Data(bytes).write(to: url)
        let whole = bytes.withUnsafeBytes { ContentHash.of($0) }
        #expect(try ContentHash.ofFile(atPath: url.path) == whole)
        for position in [0, 5 << 20, bytes.count - 1] {
            bytes[position] ^= 1
            #expect(bytes.withUnsafeBytes { ContentHash.of($0) } != whole)
            bytes[position] ^= 1
        }
    }
}
