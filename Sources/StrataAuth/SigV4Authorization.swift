import Foundation

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`
/// header.
///
/// ```swift
/// let auth = try SigV4Authorization(parsing: "AWS4-HMAC-SHA256 Credential=STRA…/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab12…")
/// auth.service   // "sagemaker"
/// ```
public struct SigV4Authorization: Sendable, Hashable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var accessKeyID: String
    /// `yyyyMMdd` of the credential scope.
    public var scopeDate: String
    public var region: String
    public var service: String
    /// Lower-case header names, in the order given (sorted by conforming clients).
    public var signedHeaders: [String]
    /// Lower-case hex HMAC-SHA256.
    public var signature: String

    /// `date/region/service/aws4_request`.
    public var credentialScope: String { "\(scopeDate)/\(region)/\(service)/aws4_request" }

    public init(parsing header: String) throws(AuthenticationFailure) {
        guard header.hasPrefix(Self.algorithm + " ") else {
            throw .malformedAuthorization("only \(Self.algorithm) signatures are supported")
        }
        var fields: [String: String] = [:]
        for part in header.dropFirst(Self.algorithm.count + 1).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else { throw .malformedAuthorization("\"\(pair)\" is not key=value") }
            fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let signature = fields["Signature"] else {
            throw .malformedAuthorization("Credential, SignedHeaders and Signature are all required")
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request", scope[1].count == 8, !scope[0].isEmpty else {
            throw .malformedAuthorization("Credential must be KEY/yyyyMMdd/region/service/aws4_request")
        }
        accessKeyID = scope[0]; scopeDate = scope[1]; region = scope[2]; service = scope[3]
        signedHeaders = signed.split(separator: ";").map { $0.lowercased() }
        guard signedHeaders.contains("host") else { throw .malformedAuthorization("SignedHeaders must include host") }
        self.signature = signature.lowercased()
    }
}
