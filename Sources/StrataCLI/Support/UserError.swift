import Foundation
import StrataCore
import StrataTracking

/// A failure caused by what the user asked for (bad file, bad value, unknown name): exit code 1.
struct UserError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }

    /// The one-sentence message for errors raised by Strata's libraries on bad input, or nil when
    /// the error is not the user's doing (then it is reported as internal, exit code 2).
    static func classify(_ error: Error) -> String? {
        switch error {
        case let e as StrataError: return e.description
        case let e as CocoaError where e.code == .fileReadNoSuchFile || e.code == .fileNoSuchFile:
            return "no such file: \(e.userInfo[NSFilePathErrorKey] ?? e.localizedDescription)"
        default:
            if let userFacing = error as? UserFacingLibraryError { return userFacing.userMessage }
            return nil
        }
    }
}

/// Library errors that describe bad input; their description is the message shown to the user.
protocol UserFacingLibraryError: Error {
    var userMessage: String { get }
}
