import Foundation
import Testing

/// `strata score`: labels files are read as integers, and `ari`/`nmi` match scikit-learn.
@Suite struct ScoreCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/cli")

    /// Two tight pairs of points: two clusters when their labels are told apart.
    static let data = "id,a\n1,0\n2,0.1\n3,10\n4,10.1\n"

    func silhouette(labels: String) throws -> CLIRunner.Outcome {
        let cli = try CLIRunner()
        try cli.write("d.csv", Self.data)
        try cli.write("lab.csv", labels)
        return try cli.run(["score", "silhouette", "d.csv", "--labels", "lab.csv"])
    }

    @Test(arguments: ["9.3e18", "1.5", "99999999999999999999", "x"])
    func nonIntegerLabelIsALocatedError(label: String) throws {
        let outcome = try silhouette(labels: "id,label\n1,0\n2,0\n3,\(label)\n4,1\n")
        #expect(outcome.code == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("lab.csv line 4, column 2"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(label))
    }

    @Test func labelsAbove2To24StayDistinct() throws {
        let outcome = try silhouette(labels: "id,label\n1,16777216\n2,16777216\n3,16777217\n4,16777217\n")
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("2 clusters"), "\(outcome.stdout)")
    }

    @Test func mismatchedIdNamesTheLine() throws {
        let outcome = try silhouette(labels: "id,label\n1,0\n2,0\n9,1\n4,1\n")
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("lab.csv line 4"), "\(outcome.stderr)")
    }

    func score(_ metric: String, labels: String, truth: String) throws -> CLIRunner.Outcome {
        try CLIRunner().run(["score", metric, "--labels", labels, "--truth", truth])
    }

    func printedValue(_ outcome: CLIRunner.Outcome, _ metric: String) throws -> Double {
        let token = outcome.stdout.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        return try #require(Double(token), "\(metric): \(outcome.stdout) \(outcome.stderr)")
    }

    @Test(arguments: [("ari", "adjusted_rand_index"), ("nmi", "normalized_mutual_information")])
    func agreementMatchesScikitLearn(metric: String, key: String) throws {
        let reference = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Self.fixtures.appendingPathComponent("agreement.json"))) as! [String: Any]
        let expected = try #require(reference[key] as? Double)
        let outcome = try score(metric, labels: Self.fixtures.appendingPathComponent("agreement_labels.csv").path,
                                truth: Self.fixtures.appendingPathComponent("agreement_truth.csv").path)
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(abs(try printedValue(outcome, metric) - expected) < 1e-12)
        let same = try score(metric, labels: Self.fixtures.appendingPathComponent("agreement_labels.csv").path,
                             truth: Self.fixtures.appendingPathComponent("agreement_labels.csv").path)
        #expect(try printedValue(same, metric) == 1.0)
    }

    @Test func agreementRefusesFilesOfDifferentLength() throws {
        let cli = try CLIRunner()
        try cli.write("a.csv", "id,label\n1,0\n2,1\n")
        try cli.write("b.csv", "id,label\n1,0\n2,1\n3,1\n")
        let outcome = try cli.run(["score", "ari", "--labels", "a.csv", "--truth", "b.csv"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("a.csv") && outcome.stderr.contains("b.csv"), "\(outcome.stderr)")
    }
}
