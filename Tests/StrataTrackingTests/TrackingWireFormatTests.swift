import Foundation
import Testing
import StrataTracking

/// The JSON the native API and the remote store exchange: every error case survives the trip,
/// parameters are plain values, dates keep milliseconds.
@Suite struct TrackingWireFormatTests {
    static let errors: [TrackingError] = [
        .invalidName(kind: .component, name: "a_b"), .invalidValue(field: "tag key", reason: "it is empty"),
        .limitExceeded(what: "tags", limit: 50, actual: 51), .nonFiniteMetric(name: "loss", value: .infinity),
        .nonFiniteParameter(name: "eps"), .notFound(kind: .trial, name: "t1"), .conflict("trial t1 is in experiment a"),
        .alreadyExists(kind: .component, name: "fit"), .hasChildren(kind: .experiment, name: "exp", childCount: 2),
        .unsafeArtifactName("../x"), .invalidStoreURL("ftp://x"), .trackerClosed(component: "c"), .storage("disk full"),
    ]

    @Test(arguments: errors)
    func errorsRoundTripThroughWireFields(_ error: TrackingError) throws {
        let data = try JSONEncoder().encode(error.wireFields)
        let fields = try JSONDecoder().decode([String: String].self, from: data)
        #expect(TrackingError(wireFields: fields) == error)
    }

    @Test func unknownWireFieldsAreNoError() {
        #expect(TrackingError(wireFields: [:]) == nil)
        #expect(TrackingError(wireFields: ["case": "hasChildren", "kind": "experiment", "name": "e"]) == nil)
    }

    @Test func parametersAreWrittenAsPlainValues() throws {
        let data = try TrackingWireFormat.encoder.encode(["k": ParameterValue.number(4), "algorithm": .string("kmeans")])
        #expect(String(decoding: data, as: UTF8.self) == #"{"algorithm":"kmeans","k":4}"#)
        let back = try TrackingWireFormat.decoder.decode([String: ParameterValue].self, from: Data(#"{"a": 0.5, "b": "x"}"#.utf8))
        #expect(back == ["a": .number(0.5), "b": .string("x")])
        #expect(throws: DecodingError.self) { try TrackingWireFormat.decoder.decode([String: ParameterValue].self, from: Data(#"{"a": true}"#.utf8)) }
    }

    @Test func datesKeepMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.125)
        let text = TrackingWireFormat.format(date)
        #expect(text == "2023-11-14T22:13:20.125Z")
        #expect(TrackingWireFormat.parse(text) == date)
        #expect(TrackingWireFormat.parse("2023-11-14T22:13:20Z") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(TrackingWireFormat.parse("yesterday") == nil)
    }

    @Test func leaderboardCellsKeepTheirKind() throws {
        let table = LeaderboardTable(columns: ["name", "created", "params.k"],
                                     rows: [[.text("c1"), .date(1_700_000_000.5), .number(3)], [.text("c2"), .null, .text("auto")]])
        let data = try TrackingWireFormat.encoder.encode(LeaderboardWireTable(table))
        #expect(try TrackingWireFormat.decoder.decode(LeaderboardWireTable.self, from: data).table == table)
    }
}
