import StrataTracking

/// The usable credentials of a user, as issued: shown once (`strata users add`/`rotate`), then
/// kept only as a token hash and a sealed secret. Encodes exactly as
/// `{"name", "role", "token", "access_key_id", "secret_access_key"}`.
public struct IssuedCredentials: Sendable, Hashable, Codable {
    public var name: String
    public var role: UserRole
    /// Bearer token (`STRATA_TOKEN`, `MLFLOW_TRACKING_TOKEN`, or the basic-auth password).
    public var token: String
    /// AWS access key id for SigV4 clients (boto3, sagemaker-experiments).
    public var accessKeyID: String
    /// AWS secret access key for SigV4 clients.
    public var secretAccessKey: String

    public init(name: String, role: UserRole, token: String, accessKeyID: String, secretAccessKey: String) {
        self.name = name; self.role = role; self.token = token; self.accessKeyID = accessKeyID; self.secretAccessKey = secretAccessKey
    }

    enum CodingKeys: String, CodingKey {
        case name, role, token
        case accessKeyID = "access_key_id"
        case secretAccessKey = "secret_access_key"
    }
}
