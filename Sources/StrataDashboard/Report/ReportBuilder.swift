import Foundation

/// Writes the client report: one HTML file holding its data (``ReportData`` as an inline JSON
/// block), the dashboard's stylesheet and chart scripts, and `js/report.js` which draws the
/// page from the data — nothing is fetched, so it opens from `file://` with no network.
///
/// ```swift
/// let data = try await ReportData.gather(from: store, experiment: "quickstart")
/// try ReportBuilder().write(data, to: URL(fileURLWithPath: "report.html"))
/// ```
///
/// A Content-Security-Policy in the page forbids every request (scripts and styles run only
/// inline), so even a mistake in a script cannot reach the network. Size: the data block plus
/// the assets (tens of kilobytes); with 50,000 embedding points about 2 MB.
public struct ReportBuilder: Sendable {
    /// The id of the `<script type="application/json">` element holding the data.
    public static let dataElementID = "strata-report-data"

    public init() {}

    /// The report as HTML text.
    public func html(_ data: ReportData) throws -> String {
        var page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
        <title>Segmentation report</title>
        <style>
        """
        for name in ["style.css", "report.css"] { page += Self.inline(try Self.asset(name), closing: "</style") }
        page += "</style>\n</head>\n<body>\n<main id=\"app\"></main>\n"
        page += "<script type=\"application/json\" id=\"\(Self.dataElementID)\">"
        page += try ReportJSON.scriptSafe(data)
        page += "</script>\n"
        for name in try Self.scriptNames() {
            page += "<script>/* \(name) */\n" + Self.inline(try Self.asset(name), closing: "</script") + "\n</script>\n"
        }
        page += "</body>\n</html>\n"
        return page
    }

    /// Writes the report to `url` atomically.
    public func write(_ data: ReportData, to url: URL) throws {
        try Data(try html(data).utf8).write(to: url, options: .atomic)
    }

    /// The scripts in load order, as the dashboard loads them: the chart files by name (each
    /// reaches the others only when drawing), the dashboard's core (the DOM builder, formatting,
    /// the theme), then `js/report.js`.
    static func scriptNames() throws -> [String] {
        let folder = DashboardAssets.root.appendingPathComponent("js/charts", isDirectory: true)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let charts = files.filter { $0.hasSuffix(".js") && DashboardAssets.isSafe($0) }.sorted().map { "js/charts/\($0)" }
        return charts + ["js/core.js", "js/report.js"]
    }

    static func asset(_ name: String) throws -> String {
        guard let data = DashboardAssets.contents(of: name) else { throw ReportError.missingAsset(name) }
        return String(decoding: data, as: UTF8.self)
    }

    /// `text` with every `closing` tag opener (case-insensitive) written `<\/…`, which cannot end
    /// the element early; inside the JavaScript strings and CSS where such text can occur, `\/`
    /// reads as `/`.
    static func inline(_ text: String, closing: String) -> String {
        guard text.range(of: closing, options: .caseInsensitive) != nil else { return text }
        var out = ""
        var rest = text[...]
        while let found = rest.range(of: closing, options: .caseInsensitive) {
            out += rest[..<found.lowerBound]
            out += "<\\" + rest[rest.index(after: found.lowerBound)..<found.upperBound]
            rest = rest[found.upperBound...]
        }
        return out + rest
    }
}
