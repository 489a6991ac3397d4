/// The AWS-style key pair a job's child signs its SageMaker calls with (`AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`), valid only while the job runs.
///
/// ```swift
/// let credentials = JobCredentials(accessKeyID: "STRA…", secretAccessKey: "…")
/// ```
public struct JobCredentials: Sendable, Hashable {
    public var accessKeyID: String
    public var secretAccessKey: String

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID; self.secretAccessKey = secretAccessKey
    }
}
