/// Why a request's credentials were refused. The server maps each case onto the error format of
/// the API that was called (native, AWS with its error codes, MLflow).
public enum AuthenticationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Authorization` header (or no usable one) while users exist.
    case missingCredentials
    /// A bearer token or basic-auth password that matches no user.
    case invalidToken
    /// An `Authorization` header that cannot be parsed; the message says what is wrong.
    case malformedAuthorization(String)
    /// A SigV4 access key id that Strata never issued (AWS `UnrecognizedClientException`).
    case unknownAccessKey(String)
    /// The SigV4 signature does not match (AWS `InvalidSignatureException`).
    case signatureMismatch
    /// `X-Amz-Date` more than 15 minutes from the server's clock (AWS `InvalidSignatureException`,
    /// "Signature expired").
    case signatureExpired(String)
    /// The user store could not be read (a server fault, not the client's).
    case storeUnavailable(String)

    public var description: String {
        switch self {
        case .missingCredentials: return "This server requires credentials: send a bearer token (STRATA_TOKEN, MLFLOW_TRACKING_TOKEN) or an AWS SigV4 signature with a Strata-issued key."
        case .invalidToken: return "The token is not valid for this server (it may have been rotated or its user removed)."
        case .malformedAuthorization(let why): return "The Authorization header is malformed: \(why)."
        case .unknownAccessKey(let id): return "The security token included in the request is invalid: access key id \(id) was not issued by this server."
        case .signatureMismatch: return "The request signature we calculated does not match the signature you provided. Check your AWS secret access key and signing method."
        case .signatureExpired(let why): return "Signature expired: \(why)."
        case .storeUnavailable(let why): return "The server cannot read its users: \(why)"
        }
    }
}
