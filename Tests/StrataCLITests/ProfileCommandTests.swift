import Foundation
import Testing
import _StrataTestSupport

@Suite struct ProfileCommandTests {
    @Test func profilesTheFixtureAsTableJSONAndCSV() throws {
        let dir = fixturesDirectory().appendingPathComponent("profile")
        let cli = try CLIRunner()
        let data = dir.appendingPathComponent("data.csv").path, labels = dir.appendingPathComponent("labels.csv").path
        let table = try cli.run(["profile", data, "--labels", labels, "--out", cli.path("profile.csv")])
        #expect(table.code == 0, "\(table.stderr)")
        #expect(table.stdout.contains("noise") && table.stdout.contains("monetary"))
        let csv = try String(contentsOfFile: cli.path("profile.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("segment,is_noise,size,share,feature,"))
        #expect(csv.split(separator: "\n").count == 1 + 5 * 3)
        let json = try cli.run(["profile", data, "--labels", labels, "--json"])
        #expect(json.code == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((object["segments"] as! [Any]).count == 5)
        #expect(object["rowCount"] as? Int == 240)
    }

    @Test func labelsAreJoinedByIdAndCheckedAsIntegers() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", "id,a,b\nx,1,10\ny,2,20\nz,3,30\nw,4,40\n")
        try cli.write("shuffled.csv", "id,label\nw,1\nz,1\ny,0\nx,0\n")
        let ok = try cli.run(["profile", cli.path("d.csv"), "--labels", cli.path("shuffled.csv"), "--json"])
        #expect(ok.code == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("\"size\" : 2"))
        try cli.write("bad.csv", "id,label\nx,0\ny,0.5\nz,1\nw,1\n")
        let bad = try cli.run(["profile", cli.path("d.csv"), "--labels", cli.path("bad.csv")])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("line 3") && bad.stderr.contains("column 2"))
        try cli.write("missing.csv", "id,label\nx,0\ny,0\nz,1\n")
        let missing = try cli.run(["profile", cli.path("d.csv"), "--labels", cli.path("missing.csv")])
        #expect(missing.code == 1)
        #expect(missing.stderr.contains("'w'"))
    }
}
