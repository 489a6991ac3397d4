import Foundation

/// How `strata serve` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the bound port is reported by `onServerRunning`.
    public var port: Int
    /// PEM certificate chain and private key; both or neither.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Allow plain HTTP on a non-loopback host (off: refused at start).
    public var insecureHTTP: Bool
    /// Largest JSON request body, in bytes.
    public var maxRequestBodySize: Int
    /// Largest artifact upload, in bytes.
    public var maxArtifactSize: Int
    /// Where uploaded artifacts are kept (`<root>/<component>/<name>`); the store's artifact directory.
    public var artifactRoot: URL
    /// Region and 12-digit account id shown in SageMaker ARNs.
    public var awsRegion: String
    public var awsAccountID: String

    public init(host: String = "127.0.0.1", port: Int = 8080, tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
                insecureHTTP: Bool = false, maxRequestBodySize: Int = 16 << 20, maxArtifactSize: Int = 2 << 30,
                artifactRoot: URL, awsRegion: String = "us-east-1", awsAccountID: String = "000000000000") {
        self.host = host; self.port = port; self.tlsCertificatePath = tlsCertificatePath; self.tlsKeyPath = tlsKeyPath
        self.insecureHTTP = insecureHTTP; self.maxRequestBodySize = maxRequestBodySize; self.maxArtifactSize = maxArtifactSize
        self.artifactRoot = artifactRoot; self.awsRegion = awsRegion; self.awsAccountID = awsAccountID
    }

    /// True for 127.0.0.0/8, ::1 and `localhost`.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    public var usesTLS: Bool { tlsCertificatePath != nil }

    /// Refuses configurations that would expose the record: plain HTTP beyond loopback without
    /// `--insecure-http`, half a TLS pair.
    public func validate() throws(ServerStartError) {
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw .invalidOption("--tls-cert and --tls-key go together: give both or neither")
        }
        if !isLoopback && !usesTLS && !insecureHTTP {
            throw .invalidOption("refusing to serve plain HTTP on \(host), which is not a loopback address: give --tls-cert and --tls-key, or --insecure-http if a proxy in front terminates TLS")
        }
        if !(0...65535).contains(port) { throw .invalidOption("--port must be 0…65535, got \(port)") }
    }
}

/// Why the server did not start.
public enum ServerStartError: Error, Sendable, CustomStringConvertible {
    case invalidOption(String)
    case tls(String)

    public var description: String {
        switch self {
        case .invalidOption(let message): return message
        case .tls(let message): return "TLS: \(message)"
        }
    }
}
