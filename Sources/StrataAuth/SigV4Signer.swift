import Foundation

/// Signs a request with AWS Signature Version 4 the way botocore does for JSON services — the
/// counterpart of ``SigV4Verifier``, for Strata's own SageMaker-speaking clients (benchmarks,
/// tests, jobs).
///
/// ```swift
/// let headers = try SigV4Signer(accessKeyID: id, secretAccessKey: secret, region: "us-east-1")
///     .headers(method: "POST", path: "/", query: "", host: "127.0.0.1:8080",
///              headers: [("X-Amz-Target", "SageMaker.ListExperiments")], body: body)
/// ```
public struct SigV4Signer: Sendable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var region: String
    public var service: String

    public init(accessKeyID: String, secretAccessKey: String, region: String, service: String = "sagemaker") {
        self.accessKeyID = accessKeyID; self.secretAccessKey = secretAccessKey; self.region = region; self.service = service
    }

    /// `headers` plus `Host`, `X-Amz-Date` and `Authorization`, signing every header given.
    public func headers(method: String, path: String, query: String, host: String, headers: [(name: String, value: String)],
                        body: [UInt8], date: Date = Date()) throws(AuthenticationFailure) -> [(name: String, value: String)] {
        let amzDate = SigV4Verifier.formatAmzDate(date)
        var all = headers + [(name: "Host", value: host), (name: "X-Amz-Date", value: amzDate)]
        let signed = Set(all.map { $0.name.lowercased() }).sorted()
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let unsigned = try SigV4Authorization(parsing: "\(SigV4Authorization.algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signed.joined(separator: ";")), Signature=0")
        let request = AuthenticationRequest(method: method, path: path, query: query, headers: all, body: body)
        let signature = try SigV4Verifier.signature(request, authorization: unsigned, amzDate: amzDate, secretAccessKey: secretAccessKey)
        all.append((name: "Authorization", value: "\(SigV4Authorization.algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signed.joined(separator: ";")), Signature=\(signature)"))
        return all
    }
}
