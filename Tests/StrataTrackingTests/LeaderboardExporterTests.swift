import Foundation
import StrataTracking
import Testing

@Suite struct LeaderboardExporterTests {
    let table = LeaderboardTable(
        columns: ["name", "params.k", "note, \"quoted\"", "created"],
        rows: [
            [.text("a"), .number(5), .text("plain"), .date(1_740_832_200)],
            [.text("b"), .number(0.1), .text("comma, \"quote\"\nline"), .date(1_740_832_200.25)],
            [.text("c"), .null, .text("x' OR 1=1 --"), .null],
            [.text("d"), .number(-2.5e-7), .text("tab\tand\r"), .date(-1)],
        ])

    @Test func csvFollowsRFC4180() {
        let csv = LeaderboardExporter(format: .csv).string(table)
        let expected = "name,params.k,\"note, \"\"quoted\"\"\",created\r\n"
            + "a,5,plain,2025-03-01T12:30:00Z\r\n"
            + "b,0.1,\"comma, \"\"quote\"\"\nline\",2025-03-01T12:30:00.250Z\r\n"
            + "c,,x' OR 1=1 --,\r\n"
            + "d,-2.5e-07,\"tab\tand\r\",1969-12-31T23:59:59Z\r\n"
        #expect(csv == expected)
    }

    @Test func jsonParsesBackToTheSameValues() throws {
        let data = LeaderboardExporter(format: .json).data(table)
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(objects.count == 4)
        #expect(objects[0]["params.k"] as? Double == 5)
        #expect(objects[1]["note, \"quoted\""] as? String == "comma, \"quote\"\nline")
        #expect(objects[1]["created"] as? String == "2025-03-01T12:30:00.250Z")
        #expect(objects[2]["params.k"] is NSNull)
        #expect(objects[3]["note, \"quoted\""] as? String == "tab\tand\r")
        #expect(objects[3]["params.k"] as? Double == -2.5e-7)
        let empty = LeaderboardExporter(format: .json).string(LeaderboardTable(columns: ["name"], rows: []))
        #expect(empty == "[]\n")
    }

    @Test func columnLookup() {
        #expect(table.column("params.k") == [.number(5), .number(0.1), .null, .number(-2.5e-7)])
        #expect(table.column("missing") == nil)
    }
}
