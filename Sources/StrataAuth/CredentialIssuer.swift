import Crypto
import Foundation

/// Makes fresh random credentials and the forms a store keeps of them.
///
/// ```swift
/// let token = CredentialIssuer.newToken()          // "strata_" + 43 url-safe characters
/// let hash = CredentialIssuer.hash(token: token)   // what the AccessStore keeps
/// ```
///
/// Randomness comes from the system's cryptographic generator (`getrandom` on Linux,
/// `SecRandomCopyBytes`-backed on Apple platforms). Every function is O(1).
public enum CredentialIssuer {
    /// Prefix of every bearer token, so a leaked one is recognisable (and greppable).
    public static let tokenPrefix = "strata_"
    /// Prefix of every access key id (20 characters in all, like AWS's).
    public static let accessKeyPrefix = "STRA"

    private static let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// `strata_` followed by 32 random bytes in unpadded base64url.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return tokenPrefix + base64
    }

    /// `STRA` followed by 16 random upper-case letters or digits.
    public static func newAccessKeyID() -> String {
        accessKeyPrefix + randomString(count: 16, from: upperAlphanumerics)
    }

    /// 40 random letters or digits (~238 bits).
    public static func newSecretAccessKey() -> String {
        randomString(count: 40, from: alphanumerics)
    }

    /// Lower-case hex SHA-256 of the token: what an ``AccessStore`` keeps instead of the token.
    public static func hash(token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    /// Compares two strings in time that depends only on their lengths, so a mismatch position
    /// cannot be learned from timing.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    private static func randomString(count: Int, from alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        // `Int.random(in:using:)` is unbiased, unlike a modulo of a random byte.
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
