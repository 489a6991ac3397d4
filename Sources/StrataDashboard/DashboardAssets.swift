import Foundation

/// The web dashboard's files (HTML, JavaScript, CSS), shipped as package resources so that
/// `strata serve` and `strata report` need no network and no separate install.
///
/// ```swift
/// let page = try DashboardAssets.contents(of: "index.html")   // the single-page app's shell
/// ```
/// Names are relative to the `web` folder and may not leave it (no `..`, no absolute paths).
public enum DashboardAssets {
    /// The folder holding the files.
    public static var root: URL { Bundle.module.resourceURL!.appendingPathComponent("web", isDirectory: true) }

    /// The bytes of `name`, or nil when there is no such file or the name is not a plain relative path.
    public static func contents(of name: String) -> Data? {
        guard isSafe(name) else { return nil }
        let url = root.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return try? Data(contentsOf: url)
    }

    /// A relative path of plain segments: letters, digits, `-`, `_`, `.`, no empty, `.` or `..` segment.
    public static func isSafe(_ name: String) -> Bool {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty else { return false }
        return segments.allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".." && !segment.hasPrefix(".")
                && segment.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
        }
    }

    /// The `Content-Type` for a file name, by extension.
    public static func mediaType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
