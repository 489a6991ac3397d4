import Foundation
import StrataTracking
import Testing

@Suite struct TrackingLimitsTests {
    @Test(arguments: ["a", "Z", "0", "a-b", "a---b", "abc-123-XYZ", String(repeating: "x", count: 120),
                      String(repeating: "a-", count: 119) + "a"])
    func validNames(_ name: String) throws {
        try TrackingLimits.validateName(name, kind: .trial)
    }

    @Test(arguments: ["", "-", "-a", "a-", "a_b", "a b", "a.b", "ü", "a/b", String(repeating: "x", count: 121),
                      String(repeating: "a-", count: 120) + "a"])
    func invalidNames(_ name: String) {
        #expect(throws: TrackingError.invalidName(kind: .component, name: name)) {
            try TrackingLimits.validateName(name, kind: .component)
        }
    }

    @Test func tagLimits() throws {
        try TrackingLimits.validateTags(Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\($0)", "") }))
        #expect(throws: TrackingError.limitExceeded(what: "tags", limit: 50, actual: 51)) {
            try TrackingLimits.validateTags(Dictionary(uniqueKeysWithValues: (0..<51).map { ("k\($0)", "") }))
        }
        try TrackingLimits.validateTag(key: String(repeating: "k", count: 128), value: String(repeating: "v", count: 256))
        #expect(throws: TrackingError.self) { try TrackingLimits.validateTag(key: String(repeating: "k", count: 129), value: "") }
        #expect(throws: TrackingError.self) { try TrackingLimits.validateTag(key: "k", value: String(repeating: "v", count: 257)) }
        #expect(throws: TrackingError.self) { try TrackingLimits.validateTag(key: "", value: "v") }
        // Characters, not bytes: 256 two-byte characters fit.
        try TrackingLimits.validateTag(key: "k", value: String(repeating: "é", count: 256))
    }

    @Test func parameterAndArtifactLimits() throws {
        try TrackingLimits.validateParameter(name: "p", value: .string(String(repeating: "s", count: 2_500)))
        #expect(throws: TrackingError.self) {
            try TrackingLimits.validateParameter(name: "p", value: .string(String(repeating: "s", count: 2_501)))
        }
        #expect(throws: TrackingError.nonFiniteParameter(name: "eps")) {
            try TrackingLimits.validateParameter(name: "eps", value: .number(.infinity))
        }
        try TrackingLimits.validateArtifact(name: "a", Artifact(value: String(repeating: "u", count: 2_048)))
        #expect(throws: TrackingError.self) {
            try TrackingLimits.validateArtifact(name: "a", Artifact(value: String(repeating: "u", count: 2_049)))
        }
        #expect(throws: TrackingError.self) { try TrackingLimits.validateArtifact(name: "a", Artifact(value: "v", sha256: "xyz")) }
    }

    @Test func metricValuesMustBeFinite() throws {
        try TrackingLimits.validateMetric(name: "silhouette", value: -1)
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(throws: TrackingError.self) { try TrackingLimits.validateMetric(name: "silhouette", value: bad) }
            do { try TrackingLimits.validateMetric(name: "silhouette", value: bad) } catch {
                #expect(error.description.contains("\"silhouette\""), "the message names the metric")
            }
        }
    }

    @Test func batchValidationCoversEveryPart() {
        var batch = TrackingWriteBatch(component: "c")
        batch.metricPoints = [MetricPoint(name: "m", value: 1, timestamp: .nan)]
        #expect(throws: TrackingError.self) { try batch.validate() }
        batch = TrackingWriteBatch(component: "bad_name")
        #expect(throws: TrackingError.invalidName(kind: .component, name: "bad_name")) { try batch.validate() }
    }

    @Test(arguments: ["..", ".", "../x", "a/b", "/abs", "a\\b", ".hidden", "a\u{0}b", ""])
    func unsafeArtifactNames(_ name: String) {
        #expect(throws: TrackingError.unsafeArtifactName(name)) { try Tracker.validateArtifactFileName(name) }
    }

    @Test func parameterValuesReadBack() {
        let values: [String: ParameterValue] = ["k": 4, "eps": 0.25, "algorithm": "dbscan"]
        #expect(values["k"]?.numberValue == 4)
        #expect(values["k"]?.description == "4")
        #expect(values["eps"]?.description == "0.25")
        #expect(values["algorithm"]?.stringValue == "dbscan")
    }

    @Test func errorsTellWhatToChange() {
        #expect(TrackingError.hasChildren(kind: .experiment, name: "e", childCount: 2).description.contains("cascade"))
        #expect(TrackingError.invalidName(kind: .trial, name: "a_b").description.contains("letters or digits"))
    }
}
