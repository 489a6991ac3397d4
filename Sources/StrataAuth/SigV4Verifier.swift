import Crypto
import Foundation

/// Checks AWS Signature Version 4 (`AWS4-HMAC-SHA256`) the way botocore's `SigV4Auth` signs
/// requests for JSON services such as `sagemaker`: the canonical request is the method, the path
/// with dot segments and repeated slashes removed and then percent-encoded once more (so `%20`
/// as sent is signed as `%2520`), the query pairs as sent sorted by key then value, the signed
/// headers (lower-case names, values with runs of white space collapsed), their names, and the
/// body's SHA-256 (or `X-Amz-Content-SHA256` when sent).
///
/// ```swift
/// let verifier = SigV4Verifier()
/// let auth = try SigV4Authorization(parsing: request.header("Authorization")!)
/// try verifier.verify(request, authorization: auth, secretAccessKey: secret)
/// ```
///
/// O(body + headers) per request: one SHA-256 of the body and five HMACs. Reference: AWS,
/// "Create a signed AWS API request" (Signature Version 4).
public struct SigV4Verifier: Sendable {
    /// How far `X-Amz-Date` may be from the server's clock (AWS allows 15 minutes).
    public var maxClockSkew: TimeInterval
    /// The server's clock (a fixed date in tests of recorded signatures).
    public var now: @Sendable () -> Date

    public init(maxClockSkew: TimeInterval = 15 * 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maxClockSkew = maxClockSkew; self.now = now
    }

    /// Throws unless `request` carries a valid, fresh signature of `authorization` made with `secretAccessKey`.
    public func verify(_ request: AuthenticationRequest, authorization: SigV4Authorization,
                       secretAccessKey: String) throws(AuthenticationFailure) {
        guard let amzDate = request.header("X-Amz-Date") else {
            throw .malformedAuthorization("X-Amz-Date is required with a SigV4 signature")
        }
        guard let date = Self.parseAmzDate(amzDate) else {
            throw .malformedAuthorization("X-Amz-Date \(amzDate) is not yyyyMMdd'T'HHmmss'Z'")
        }
        guard amzDate.hasPrefix(authorization.scopeDate) else {
            throw .malformedAuthorization("the credential scope date \(authorization.scopeDate) is not the date of X-Amz-Date \(amzDate)")
        }
        let skew = date.timeIntervalSince(now())
        if abs(skew) > maxClockSkew {
            throw .signatureExpired("the request was signed at \(amzDate), more than \(Int(maxClockSkew / 60)) minutes from the server's time \(Self.formatAmzDate(now()))")
        }
        let expected = try Self.signature(request, authorization: authorization, amzDate: amzDate, secretAccessKey: secretAccessKey)
        guard CredentialIssuer.constantTimeEquals(expected, authorization.signature) else { throw .signatureMismatch }
    }

    /// The hex signature that `request` should carry; the verifier's whole computation, exposed so
    /// tests (and Strata's own clients) can sign.
    public static func signature(_ request: AuthenticationRequest, authorization: SigV4Authorization, amzDate: String,
                                 secretAccessKey: String) throws(AuthenticationFailure) -> String {
        let canonical = try canonicalRequest(request, signedHeaders: authorization.signedHeaders)
        let stringToSign = [SigV4Authorization.algorithm, amzDate, authorization.credentialScope, hexSHA256(Data(canonical.utf8))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [authorization.scopeDate, authorization.region, authorization.service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key).hexString
    }

    /// The canonical request (method, path, query, headers, signed header names, payload hash).
    public static func canonicalRequest(_ request: AuthenticationRequest, signedHeaders: [String]) throws(AuthenticationFailure) -> String {
        var headerLines: [String] = []
        for name in signedHeaders.sorted() {
            let values = request.headers.filter { $0.name.lowercased() == name }.map { collapseWhitespace($0.value) }
            guard !values.isEmpty else { throw .malformedAuthorization("signed header \(name) is not in the request") }
            headerLines.append("\(name):\(values.joined(separator: ","))")
        }
        let payload = request.header("X-Amz-Content-SHA256") ?? hexSHA256(Data(request.body))
        return [request.method.uppercased(), canonicalPath(request.path), canonicalQuery(request.query),
                headerLines.joined(separator: "\n") + "\n", signedHeaders.sorted().joined(separator: ";"), payload]
            .joined(separator: "\n")
    }

    /// RFC 3986 dot-segment removal (and empty segments dropped), then every byte outside
    /// `A-Z a-z 0-9 - _ . ~ /` percent-encoded — applied to the path as sent.
    static func canonicalPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/") where segment != "." {
            if segment == ".." { _ = segments.popLast() } else { segments.append(segment) }
        }
        var normalized = (path.hasPrefix("/") ? "/" : "") + segments.joined(separator: "/")
        if path.hasSuffix("/") && !segments.isEmpty { normalized += "/" }
        var encoded = ""
        for byte in normalized.utf8 {
            if isUnreserved(byte) || byte == UInt8(ascii: "/") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// `key=value` pairs as sent (a bare key gets `=`), sorted by key then value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> (String, String) in
            guard let equals = pair.firstIndex(of: "=") else { return (String(pair), "") }
            return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): return true
        default: return false
        }
    }

    static func hexSHA256(_ data: Data) -> String { SHA256.hash(data: data).hexString }

    static func parseAmzDate(_ text: String) -> Date? {
        amzDateFormatter().date(from: text)
    }

    static func formatAmzDate(_ date: Date) -> String {
        amzDateFormatter().string(from: date)
    }

    private static func amzDateFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }
}
