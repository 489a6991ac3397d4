import Foundation
import StrataTracking

/// The constraints of botocore's SageMaker model that the client does not check (it checks only
/// required members, types and minimums): lengths, counts, patterns and enums. Each failure is a
/// `ValidationException` naming the member, worded like AWS's own.
enum SageMakerValidation {
    static let namePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$"

    static func failure(_ field: String, _ value: String?, _ constraint: String) -> ServerError {
        let shown = value.map { $0.count > 80 ? "\"\($0.prefix(80))…\"" : "\"\($0)\"" } ?? "null"
        return ServerError(.badRequest, "1 validation error detected: Value \(shown) at '\(field)' failed to satisfy constraint: \(constraint)",
                           field: field)
    }

    /// An experiment, trial or component name (also DisplayName: the model gives it the same shape).
    static func name(_ value: String, field: String) throws {
        do { try TrackingLimits.validateName(value, kind: .experiment) } catch {
            throw failure(field, value, "Member must satisfy regular expression pattern: \(namePattern)")
        }
    }

    static func optionalName(_ value: String?, field: String) throws {
        if let value { try name(value, field: field) }
    }

    static func length(_ value: String?, field: String, min: Int = 0, max: Int) throws {
        guard let value else { return }
        let count = value.count
        if count < min { throw failure(field, value, "Member must have length greater than or equal to \(min)") }
        if count > max { throw failure(field, value, "Member must have length less than or equal to \(max)") }
    }

    static func count(_ count: Int, field: String, max: Int) throws {
        if count > max {
            throw ServerError(.badRequest, "1 validation error detected: Value at '\(field)' failed to satisfy constraint: Member must have length less than or equal to \(max) (it has \(count))", field: field)
        }
    }

    static func oneOf(_ value: String?, field: String, _ allowed: [String]) throws {
        if let value, !allowed.contains(value) {
            throw failure(field, value, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
    }

    static func maxResults(_ value: Int?, field: String = "MaxResults", max: Int = 100) throws {
        if let value, !(1...max).contains(value) {
            throw failure(field, String(value), "Member must have value between 1 and \(max)")
        }
    }

    /// Tags: at most 50, key 1…128 and value 0…256 characters from `[\p{L}\p{Z}\p{N}_.:/=+\-@]`.
    static func tags(_ tags: [SageMakerShapes.Tag]?, field: String = "Tags") throws {
        guard let tags else { return }
        try count(tags.count, field: field, max: TrackingLimits.tagsPerEntity)
        for (index, tag) in tags.enumerated() {
            try length(tag.Key, field: "\(field).\(index + 1).member.Key", min: 1, max: 128)
            try length(tag.Value, field: "\(field).\(index + 1).member.Value", max: 256)
            for (text, member) in [(tag.Key, "Key"), (tag.Value, "Value")] where !text.unicodeScalars.allSatisfy(isTagScalar) {
                throw failure("\(field).\(index + 1).member.\(member)", text,
                              "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$")
            }
        }
    }

    static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .spaceSeparator, .lineSeparator, .paragraphSeparator,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return "_.:/=+-@".unicodeScalars.contains(scalar)
        }
    }

    /// `MediaType`: at most 64 characters matching `[-\w]+/[-\w+]+`.
    static func mediaType(_ value: String?, field: String) throws {
        guard let value else { return }
        try length(value, field: field, max: 64)
        func word(_ c: Character, plus: Bool) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" || (plus && c == "+") }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy({ word($0, plus: false) }), parts[1].allSatisfy({ word($0, plus: true) }) else {
            throw failure(field, value, "Member must satisfy regular expression pattern: [-\\w]+\\/[-\\w+]+")
        }
    }
}
