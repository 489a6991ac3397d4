/// The limits of the record (SageMaker Experiments' limits) and the checks that enforce them.
///
/// ```swift
/// try TrackingLimits.validateName("churn-2024", kind: .experiment)   // ok
/// try TrackingLimits.validateTags(["owner": "ana"])                   // ok
/// ```
///
/// Every check is O(length of its input); stores and the ``Tracker`` call them before writing,
/// so a limit breach is a ``TrackingError`` and never a truncated or dropped value.
public enum TrackingLimits {
    /// Letters or digits an entity name may hold (hyphens between them are free).
    public static let nameAlphanumerics = 120
    /// Tags per experiment, trial or component.
    public static let tagsPerEntity = 50
    public static let tagKeyLength = 128
    public static let tagValueLength = 256
    /// Parameters per trial component.
    public static let parametersPerComponent = 300
    public static let parameterStringLength = 2_500
    /// Length of an artifact value or URI.
    public static let artifactValueLength = 2_048
    /// Length of a parameter, metric or artifact name, a media type or a source job.
    public static let keyLength = 256
    /// Length of a description.
    public static let descriptionLength = 3_072
    /// Length of a display name.
    public static let displayNameLength = 120

    /// Checks `name` against `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$` without a regex engine.
    public static func validateName(_ name: String, kind: EntityKind) throws(TrackingError) {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last,
              isAlphanumeric(first), isAlphanumeric(last) else {
            throw .invalidName(kind: kind, name: name)
        }
        var alphanumerics = 0
        for byte in bytes {
            if isAlphanumeric(byte) { alphanumerics += 1 } else if byte != UInt8(ascii: "-") {
                throw .invalidName(kind: kind, name: name)
            }
        }
        if alphanumerics > nameAlphanumerics { throw .invalidName(kind: kind, name: name) }
    }

    /// Checks each key and value, and that there are at most ``tagsPerEntity`` of them.
    public static func validateTags(_ tags: [String: String]) throws(TrackingError) {
        if tags.count > tagsPerEntity {
            throw .limitExceeded(what: "tags", limit: tagsPerEntity, actual: tags.count)
        }
        for (key, value) in tags { try validateTag(key: key, value: value) }
    }

    public static func validateTag(key: String, value: String) throws(TrackingError) {
        try validateText(key, field: "tag key", maximum: tagKeyLength, allowEmpty: false)
        try validateText(value, field: "value of tag \"\(key)\"", maximum: tagValueLength, allowEmpty: true)
    }

    /// Checks a parameter, metric or artifact name (1 to ``keyLength`` characters, no NUL).
    public static func validateKey(_ key: String, field: String) throws(TrackingError) {
        try validateText(key, field: field, maximum: keyLength, allowEmpty: false)
    }

    public static func validateParameter(name: String, value: ParameterValue) throws(TrackingError) {
        try validateKey(name, field: "parameter name")
        switch value {
        case .number(let number):
            if !number.isFinite { throw .nonFiniteParameter(name: name) }
        case .string(let string):
            try validateText(string, field: "value of parameter \"\(name)\"",
                             maximum: parameterStringLength, allowEmpty: true)
        }
    }

    public static func validateArtifact(name: String, _ artifact: Artifact) throws(TrackingError) {
        try validateKey(name, field: "artifact name")
        try validateText(artifact.value, field: "value of artifact \"\(name)\"",
                         maximum: artifactValueLength, allowEmpty: false)
        if let mediaType = artifact.mediaType {
            try validateText(mediaType, field: "media type of artifact \"\(name)\"", maximum: keyLength, allowEmpty: false)
        }
        if let size = artifact.sizeBytes, size < 0 {
            throw .invalidValue(field: "size of artifact \"\(name)\"", reason: "it is negative (\(size))")
        }
        if let sha = artifact.sha256, sha.utf8.count != 64 || !sha.utf8.allSatisfy(isLowerHex) {
            throw .invalidValue(field: "SHA-256 of artifact \"\(name)\"", reason: "expected 64 lowercase hex digits")
        }
    }

    public static func validateMetric(name: String, value: Double) throws(TrackingError) {
        try validateKey(name, field: "metric name")
        if !value.isFinite { throw .nonFiniteMetric(name: name, value: value) }
    }

    public static func validateDisplayName(_ displayName: String?) throws(TrackingError) {
        if let displayName {
            try validateText(displayName, field: "display name", maximum: displayNameLength, allowEmpty: true)
        }
    }

    public static func validateDescription(_ description: String?) throws(TrackingError) {
        if let description {
            try validateText(description, field: "description", maximum: descriptionLength, allowEmpty: true)
        }
    }

    /// Length is counted in Unicode characters, as a user reads it.
    public static func validateText(_ text: String, field: String, maximum: Int, allowEmpty: Bool) throws(TrackingError) {
        if !allowEmpty && text.isEmpty { throw .invalidValue(field: field, reason: "it is empty") }
        if text.utf8.contains(0) { throw .invalidValue(field: field, reason: "it contains a NUL character") }
        // utf8.count bounds the character count from above: skip the O(n) count when short.
        if text.utf8.count > maximum {
            let count = text.count
            if count > maximum {
                throw .invalidValue(field: field, reason: "it has \(count) characters, at most \(maximum) allowed")
            }
        }
    }

    @inline(__always) static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    @inline(__always) static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }
}
