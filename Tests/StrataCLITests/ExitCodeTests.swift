import Foundation
import Testing

@Suite struct ExitCodeTests {
    @Test func helpSucceeds() throws {
        let outcome = try CLIRunner().run(["--help"])
        #expect(outcome.code == 0)
        #expect(outcome.stdout.contains("USAGE: strata"))
    }

    @Test func unknownOptionIsAUserError() throws {
        let outcome = try CLIRunner().run(["experiments", "list", "--bogus"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("--bogus"))
    }

    @Test func unknownExperimentIsAUserErrorWithOneSentence() throws {
        let cli = try CLIRunner()
        let outcome = try cli.run(["experiments", "show", "nope", "--store", "sqlite:\(cli.path("s.sqlite"))"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.contains("nope"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func invalidNameIsRejected() throws {
        let cli = try CLIRunner()
        let outcome = try cli.run(["experiments", "create", "bad name", "--store", "sqlite:\(cli.path("s.sqlite"))"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("bad name"))
    }

    @Test func createListDeleteExperiment() throws {
        let cli = try CLIRunner()
        let store = ["--store", "sqlite:\(cli.path("s.sqlite"))"]
        #expect(try cli.run(["experiments", "create", "seg"] + store).code == 0)
        let listed = try cli.run(["experiments", "list", "--json"] + store)
        #expect(listed.code == 0)
        #expect(listed.stdout.contains("\"name\" : \"seg\""))
        #expect(try cli.run(["experiments", "delete", "seg"] + store).code == 0)
        #expect(try cli.run(["experiments", "show", "seg"] + store).code == 1)
    }

    @Test func zeroRowsIsAUserErrorNamingTheOption() throws {
        let cli = try CLIRunner()
        let outcome = try cli.run(["generate", "customers", "--rows", "0"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("--rows"))
    }
}
