import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Encrypts SigV4 secret keys for the database and decrypts them for signature checks: AES-256-GCM
/// with a 32-byte key kept in a file outside the database, so a copy of the database alone
/// reveals no usable secret.
///
/// ```swift
/// let sealer = try SecretSealer(keyFile: SecretSealer.keyFile(storeDirectory: dir))
/// let sealed = try sealer.seal("wJalrXUtnFEMI…")      // base64(nonce ‖ ciphertext ‖ tag)
/// let secret = try sealer.open(sealed)
/// ```
///
/// The key file is created with mode 0600 on first use; a key file that the group or others may
/// read or write is refused. Sealing and opening are O(length of the secret).
public struct SecretSealer: Sendable {
    /// Default key file name, beside the store's database.
    public static let defaultKeyFileName = "strata-secrets.key"
    /// Environment variable naming another key file.
    public static let keyFileVariable = "STRATA_KEY_FILE"

    public let keyFile: URL
    // The raw key bytes: `SymmetricKey` is not `Sendable` in swift-crypto on Linux.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Loads the key in `keyFile`, creating it (0600, 32 random bytes) when it does not exist.
    public init(keyFile: URL) throws(SecretSealerError) {
        self.keyFile = keyFile
        keyBytes = try Self.loadOrCreateKey(at: keyFile.path)
    }

    /// `$STRATA_KEY_FILE` when set, else `<storeDirectory>/strata-secrets.key`.
    public static func keyFile(storeDirectory: URL,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment[keyFileVariable], !path.isEmpty { return URL(fileURLWithPath: path) }
        return storeDirectory.appendingPathComponent(defaultKeyFileName)
    }

    /// The secret encrypted and authenticated: base64 of nonce, ciphertext and tag.
    public func seal(_ secret: String) throws(SecretSealerError) -> String {
        do {
            guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
                throw SecretSealerError.cannotSeal("AES-GCM gave no combined form")
            }
            return combined.base64EncodedString()
        } catch let error as SecretSealerError {
            throw error
        } catch {
            throw .cannotSeal(String(describing: error))
        }
    }

    /// The secret back; fails when the value was sealed with another key or altered.
    public func open(_ sealed: String) throws(SecretSealerError) -> String {
        guard let data = Data(base64Encoded: sealed) else { throw .cannotOpen("the sealed secret is not base64") }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw .cannotOpen("it was sealed with another key file than \(keyFile.path), or altered")
        }
    }

    private static func loadOrCreateKey(at path: String) throws(SecretSealerError) -> [UInt8] {
        if !FileManager.default.fileExists(atPath: path) {
            try create(at: path)
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .keyFile(path, "cannot read it: \(String(cString: strerror(errno)))") }
        if info.st_mode & 0o077 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw .keyFile(path, "its permissions \(mode) let the group or others use it; run chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .keyFile(path, "cannot read it") }
        guard data.count == 32 else { throw .keyFile(path, "it holds \(data.count) bytes, not a 32-byte key") }
        return Array(data)
    }

    private static func create(at path: String) throws(SecretSealerError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // O_EXCL: when two processes create it at once, one wins and the other reads its key.
        let fd = openExclusive(path)
        if fd < 0 {
            if errno == EEXIST { return }
            throw .keyFile(path, "cannot create it: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let key = SymmetricKey(size: .bits256)
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == 32, fsync(fd) == 0 else {
            unlink(path)
            throw .keyFile(path, "cannot write it: \(String(cString: strerror(errno)))")
        }
    }
}

/// Why a secret could not be sealed or opened, or the key file not used.
public enum SecretSealerError: Error, Sendable, Equatable, CustomStringConvertible {
    case keyFile(String, String)
    case cannotSeal(String)
    case cannotOpen(String)

    public var description: String {
        switch self {
        case let .keyFile(path, why): return "key file \(path): \(why)"
        case .cannotSeal(let why): return "cannot seal a secret: \(why)"
        case .cannotOpen(let why): return "cannot open a sealed secret: \(why)"
        }
    }
}

private func openExclusive(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
}
