import Testing

/// The root command.
@Suite struct StrataCommandTests {
    @Test func versionPrintsTheRelease() throws {
        let outcome = try CLIRunner().run(["--version"])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "0.1.0\n")
    }
}
