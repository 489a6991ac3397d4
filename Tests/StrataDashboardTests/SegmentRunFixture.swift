import Foundation
import Testing
import _StrataTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `strata serve` whose store holds real `strata run`s over generated customers:
/// `seg-a` (PCA 3-D, DBSCAN eps auto; embedding on `seg-a-reduce`), `seg-b` (the same
/// reduction with a given eps: the embedding comes from the step cache, so `seg-b-reduce` points
/// to `seg-a-reduce`), both in experiment `segments`; `flat` (k-means on the scaled features, no
/// reduce step) in experiment `other`. Users: editor `ana`, viewer `vic` (granted `segments`),
/// viewer `olga` (granted `other`).
struct SegmentRunFixture {
    let server: LiveServer

    static func start(rows: Int = 3_000) async throws -> SegmentRunFixture {
        let server = try await LiveServer.start(users: [
            .init(name: "ana", role: "editor"),
            .init(name: "vic", role: "viewer", experiments: ["segments"]),
            .init(name: "olga", role: "viewer", experiments: ["other"]),
        ])
        let dir = server.directory
        try strata(["generate", "customers", "--rows", String(rows), "--seed", "5", "--out", "customers.csv"], in: dir)
        let prepare = "  - scale: {method: standard, log1p: skewed}\n"
        try write("name: seg\ndata: {path: customers.csv}\nsteps:\n\(prepare)  - reduce: {method: pca, n_components: 3}\n  - cluster: {method: dbscan, eps: auto}\n",
                  to: dir.appendingPathComponent("seg.yaml"))
        try write("name: flat\ndata: {path: customers.csv}\nsteps:\n\(prepare)  - cluster: {method: kmeans, n_clusters: 5, seed: 1}\n",
                  to: dir.appendingPathComponent("flat.yaml"))
        let store = ["--store", server.storeURL]
        try strata(["run", "seg.yaml", "--experiment", "segments", "--trial", "seg-a"] + store, in: dir)
        try strata(["run", "seg.yaml", "--experiment", "segments", "--trial", "seg-b", "--set", "steps.cluster.eps=0.4"] + store, in: dir)
        try strata(["run", "flat.yaml", "--experiment", "other", "--trial", "flat"] + store, in: dir)
        return SegmentRunFixture(server: server)
    }

    static func strata(_ arguments: [String], in directory: URL) throws {
        let run = try LiveServer.runStrata(arguments, in: directory)
        try #require(run.status == 0, "strata \(arguments.joined(separator: " ")): \(run.stderr)")
    }

    static func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

    /// GET `path` as `user`: status and body.
    func get(_ path: String, as user: String) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: server.url(path))
        request.setValue("Bearer \(server.user(user).token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func json(_ path: String, as user: String = "ana") async throws -> [String: Any] {
        let reply = try await get(path, as: user)
        try #require(reply.status == 200, "\(path): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
    }

    /// A recorded CSV artifact's rows (header dropped), split on commas (ids here have none).
    func csvRows(component: String, artifact: String) async throws -> [[String]] {
        let reply = try await get("/api/v1/components/\(component)/artifacts/\(artifact)", as: "ana")
        try #require(reply.status == 200)
        return String(decoding: reply.body, as: UTF8.self).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    }
}

/// The decoded body of `GET /dashboard/api/segments/<C>/points`.
struct DecodedPoints {
    let count: Int
    let dims: Int
    let positions: [Float]
    let labels: [Int32]
    let rows: [UInt32]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        try #require(bytes.count >= 12 && Array(bytes[0..<4]) == Array("SEG1".utf8), "no SEG1 header")
        func word(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        count = Int(word(4)); dims = Int(word(8))
        try #require(bytes.count == 12 + count * (dims * 4 + 8), "body length \(bytes.count) for n=\(count), dims=\(dims)")
        let labelStart = 12 + count * dims * 4, rowStart = labelStart + count * 4
        positions = (0..<count * dims).map { Float(bitPattern: word(12 + 4 * $0)) }
        labels = (0..<count).map { Int32(bitPattern: word(labelStart + 4 * $0)) }
        rows = (0..<count).map { word(rowStart + 4 * $0) }
    }
}
