import Foundation
import StrataAuth
import Testing

@Suite struct CredentialIssuerTests {
    @Test func shapesOfIssuedCredentials() {
        let token = CredentialIssuer.newToken()
        #expect(token.hasPrefix("strata_"))
        let body = token.dropFirst("strata_".count)
        #expect(body.count == 43)   // 32 bytes in unpadded base64
        #expect(body.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        let key = CredentialIssuer.newAccessKeyID()
        #expect(key.count == 20 && key.allSatisfy { ($0.isUppercase || $0.isNumber) && $0.isASCII })
        let secret = CredentialIssuer.newSecretAccessKey()
        #expect(secret.count == 40 && secret.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII })
        #expect(Set((0..<50).map { _ in CredentialIssuer.newToken() }).count == 50)
    }

    @Test func tokenHashIsHexSHA256() {
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        #expect(CredentialIssuer.hash(token: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(CredentialIssuer.hash(token: "abd") != CredentialIssuer.hash(token: "abc"))
    }

    @Test func constantTimeEquality() {
        #expect(CredentialIssuer.constantTimeEquals("abc", "abc"))
        #expect(!CredentialIssuer.constantTimeEquals("abc", "abd"))
        #expect(!CredentialIssuer.constantTimeEquals("abc", "abcd"))
    }

    @Test func issuedCredentialsEncodeWithDocumentedKeys() throws {
        let issued = IssuedCredentials(name: "ana", role: .viewer, token: "t", accessKeyID: "k", secretAccessKey: "s")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(issued)) as! [String: String]
        #expect(object == ["name": "ana", "role": "viewer", "token": "t", "access_key_id": "k", "secret_access_key": "s"])
    }
}
