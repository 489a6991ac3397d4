import Foundation
import StrataAuth
import Testing

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-auth-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct SecretSealerTests {
    @Test func keyFileIsCreated0600AndSealsRoundTrip() throws {
        let keyFile = try temporaryDirectory().appendingPathComponent("strata-secrets.key")
        let sealer = try SecretSealer(keyFile: keyFile)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(attributes[.size] as? Int == 32)
        let sealed = try sealer.seal("wJalrXUtnFEMIK7MDENG")
        #expect(!sealed.contains("wJalrXUtnFEMIK7MDENG"))
        #expect(try sealer.open(sealed) == "wJalrXUtnFEMIK7MDENG")
        // A second sealer on the same file reads the same key.
        #expect(try SecretSealer(keyFile: keyFile).open(sealed) == "wJalrXUtnFEMIK7MDENG")
    }

    @Test func anotherKeyOrAlteredValueCannotOpen() throws {
        let sealed = try SecretSealer(keyFile: temporaryDirectory().appendingPathComponent("a.key")).seal("secret")
        let other = try SecretSealer(keyFile: temporaryDirectory().appendingPathComponent("b.key"))
        #expect(throws: SecretSealerError.self) { try other.open(sealed) }
        var bytes = Array(Data(base64Encoded: sealed)!)
        bytes[bytes.count / 2] ^= 1
        let sealer = try SecretSealer(keyFile: temporaryDirectory().appendingPathComponent("c.key"))
        #expect(throws: SecretSealerError.self) { try sealer.open(Data(bytes).base64EncodedString()) }
        #expect(throws: SecretSealerError.self) { try sealer.open("not base64!") }
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        let keyFile = try temporaryDirectory().appendingPathComponent("strata-secrets.key")
        _ = try SecretSealer(keyFile: keyFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let error = #expect(throws: SecretSealerError.self) { try SecretSealer(keyFile: keyFile) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func keyFileOfWrongSizeIsRefused() throws {
        let keyFile = try temporaryDirectory().appendingPathComponent("short.key")
        _ = FileManager.default.createFile(atPath: keyFile.path, contents: Data(repeating: 1, count: 16), attributes: [.posixPermissions: 0o600])
        #expect(throws: SecretSealerError.self) { try SecretSealer(keyFile: keyFile) }
    }

    @Test func keyFileLocationFollowsEnvironment() {
        let store = URL(fileURLWithPath: "/data/strata")
        #expect(SecretSealer.keyFile(storeDirectory: store, environment: [:]).path == "/data/strata/strata-secrets.key")
        #expect(SecretSealer.keyFile(storeDirectory: store, environment: ["STRATA_KEY_FILE": "/etc/strata.key"]).path == "/etc/strata.key")
    }
}
