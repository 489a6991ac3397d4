/// Turns a request's credentials into a ``Caller``: bearer tokens (native API, `STRATA_TOKEN`,
/// `MLFLOW_TRACKING_TOKEN`), HTTP basic auth (MLflow's username/password: the password is the
/// token) and AWS Signature Version 4 (SageMaker clients, with a key Strata issued).
public protocol RequestAuthenticator: Sendable {
    /// The caller, or why not. With no users and open access allowed, a request without
    /// credentials is ``Caller/openAccess``.
    func authenticate(_ request: AuthenticationRequest) async throws(AuthenticationFailure) -> Caller
}
