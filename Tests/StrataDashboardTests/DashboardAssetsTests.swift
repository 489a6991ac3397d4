import Foundation
import StrataDashboard
import Testing

@Suite struct DashboardAssetsTests {
    @Test func servesTheShellFromThePackageResources() throws {
        let page = try #require(DashboardAssets.contents(of: "index.html"))
        #expect(String(decoding: page, as: UTF8.self).contains("<main id=\"app\">"))
        #expect(DashboardAssets.mediaType(of: "index.html").hasPrefix("text/html"))
    }

    @Test(arguments: ["../Package.swift", "/etc/passwd", "a//b.js", ".hidden", "js/../../x", "", "a/./b", "x%2e%2e"])
    func refusesNamesThatLeaveTheFolder(_ name: String) {
        #expect(!DashboardAssets.isSafe(name))
        #expect(DashboardAssets.contents(of: name) == nil)
    }
}
