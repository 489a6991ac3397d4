import Foundation
import StrataDashboard
import Testing
import _StrataTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The dashboard's files from a real `strata serve`: the shell at `/`, scripts and styles under
/// `/assets/` with their media types, revalidation by entity tag, and no way out of the folder.
@Suite struct DashboardAssetRoutesTests {
    @Test func servesTheShellAndItsFilesWithTheirTypes() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ana", role: "admin")])
        defer { server.stop() }
        let cases: [(path: String, file: String, type: String)] = [
            ("/", "index.html", "text/html"),
            ("/assets/style.css", "style.css", "text/css"),
            ("/assets/js/core.js", "js/core.js", "text/javascript"),
            ("/assets/js/pages/leaderboard.js", "js/pages/leaderboard.js", "text/javascript"),
        ]
        for item in cases {
            // Open routes: no credentials, even on a server with users.
            let (data, response) = try await URLSession.shared.data(from: server.url(item.path))
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200, "\(item.path)")
            #expect(http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix(item.type) == true, "\(item.path)")
            #expect(http.value(forHTTPHeaderField: "Cache-Control") == "no-cache")
            #expect(data == DashboardAssets.contents(of: item.file), "\(item.path) is not the packaged \(item.file)")

            let tag = try #require(http.value(forHTTPHeaderField: "ETag"))
            let raw = try RawHTTP.get(port: server.port, target: item.path, headers: ["If-None-Match": tag])
            #expect(raw.status == 304, "\(item.path) with its own entity tag")
        }
    }

    @Test func theShellLoadsEveryPageAndChartScript() throws {
        let html = String(decoding: try #require(DashboardAssets.contents(of: "index.html")), as: UTF8.self)
        // Every chart and page file in the package, so a new one cannot be forgotten.
        func scripts(in folder: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: DashboardAssets.root.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".js") }.sorted().map { "\(folder)/\($0)" }
        }
        let charts = try scripts(in: "js/charts"), pages = try scripts(in: "js/pages")
        #expect(charts.contains("js/charts/embedding.js") && pages.contains("js/pages/leaderboard.js"))
        let sources = html.components(separatedBy: "<script src=\"assets/").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
        #expect(Set(charts + pages + ["js/core.js"]).isSubset(of: Set(sources)))
        // Charts first, then core, then pages: pages call S.page from core as they load.
        let core = try #require(sources.firstIndex(of: "js/core.js"))
        #expect(charts.allSatisfy { sources.firstIndex(of: $0)! < core })
        #expect(pages.allSatisfy { sources.firstIndex(of: $0)! > core })
    }

    static let escapes = [
        "/assets/../Package.swift", "/assets/%2e%2e/Package.swift", "/assets/..%2fPackage.swift",
        "/assets/%2E%2E%2F%2E%2E%2FPackage.swift", "/assets/js/../../Package.swift", "/assets/.%2e/Package.swift",
        "/assets/%252e%252e/Package.swift", "/assets//etc/passwd", "/assets/%2fetc%2fpasswd", "/assets/.hidden",
        "/assets/js/", "/assets/no-such-file.js", "/assets/js%00.js", "/assets/", "/assets/js/core.js/..",
    ]

    @Test func refusesEverythingOutsideTheWebFolder() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        for target in Self.escapes {
            let reply = try RawHTTP.get(port: server.port, target: target)
            #expect(reply.status == 404, "\(target) answered \(reply.status)")
            #expect(!reply.body.contains("swift-tools-version") && !reply.body.contains("root:"), "\(target) leaked a file")
        }
    }
}
