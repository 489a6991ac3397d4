import Foundation
import Hummingbird
import StrataDashboard

/// `GET /` (the single-page app) and `GET /assets/<name>` (its scripts and styles) from the
/// package's resources. A name that is not a plain relative path inside the web folder — `..`,
/// hidden files, encoded slashes or dots — is a 404, the same as a missing file.
enum DashboardAssetRoutes {
    static func register(on routes: GuardedRoutes) {
        routes.add(.get, "/", api: .dashboard, rule: .open) { request, _ in
            file("index.html", request)
        }
        routes.add(.get, "/assets/**", api: .dashboard, rule: .open) { request, _ in
            let prefix = "/assets/"
            let path = request.uri.path
            guard path.hasPrefix(prefix), let name = String(path.dropFirst(prefix.count)).removingPercentEncoding else {
                throw ServerError(.notFound, "No such dashboard file.")
            }
            return file(name, request)
        }
    }

    /// The file's bytes with its media type, `no-cache` (revalidate each time: the files change
    /// with every upgrade and are small) and an entity tag; a matching `If-None-Match` gets 304.
    static func file(_ name: String, _ request: Request) -> Response {
        guard let data = DashboardAssets.contents(of: name) else {
            return ServerError(.notFound, "No such dashboard file.").response(for: .dashboard)
        }
        let tag = entityTag(data)
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        headers[.eTag] = tag
        headers[.xContentTypeOptions] = "nosniff"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = DashboardAssets.mediaType(of: name)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// FNV-1a over the bytes: stable across restarts, so a browser's cached copy stays valid
    /// until the file itself changes.
    static func entityTag(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))-\(data.count)\""
    }
}
