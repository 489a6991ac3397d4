import ArgumentParser
import Foundation

/// Entry point: runs the parsed command and maps failures to the documented exit codes —
/// 0 success, 1 a user error (one sentence on stderr, no stack trace), 2 an internal error.
@main
enum StrataMain {
    static func main() async {
        // The command and its arguments are released before `exit`, which never returns: a
        // leak checker (the suite runs under AddressSanitizer) then sees nothing left behind.
        let code = await run(Array(CommandLine.arguments.dropFirst()))
        fflush(nil)  // flush every stream; naming `stdout` is not concurrency-safe in Swift 6
        exit(code)
    }

    /// Parses and runs one command line; returns its exit code.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try StrataCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    /// Prints `error` the way a user should see it and returns the exit code.
    static func report(_ error: Error) -> Int32 {
        // A command that ends with a chosen status (a stopped sweep: 130) says nothing more.
        if let exit = error as? ExitCode, exit.rawValue != 0 { return exit.rawValue }
        if let user = error as? UserError {
            FileHandle.standardError.write(Data("error: \(user.message)\n".utf8))
            return 1
        }
        if let kind = UserError.classify(error) {
            FileHandle.standardError.write(Data("error: \(kind)\n".utf8))
            return 1
        }
        // Argument parsing, help and version requests are ArgumentParser's own errors.
        let parserCode = StrataCommand.exitCode(for: error)
        if parserCode == .success {
            print(StrataCommand.fullMessage(for: error))
            return 0
        }
        if isArgumentParserError(error) {
            FileHandle.standardError.write(Data((StrataCommand.fullMessage(for: error) + "\n").utf8))
            return 1
        }
        FileHandle.standardError.write(Data("internal error: \(String(describing: error))\n".utf8))
        return 2
    }

    private static func isArgumentParserError(_ error: Error) -> Bool {
        if error is ValidationError || error is CleanExit || error is ExitCode { return true }
        // ArgumentParser wraps usage errors in an internal type; its message starts with "Error:".
        let message = StrataCommand.message(for: error)
        return String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") && !message.isEmpty
    }
}
