/// Which API a route belongs to: decides how errors (including refused credentials) are written.
public enum APIFamily: String, Sendable, Hashable, CaseIterable {
    /// `/healthz`.
    case health
    /// `/api/v1`: `{"error": {"code", "message", "field"?}}`.
    case native
    /// AWS JSON 1.1 on `POST /` and the sagemaker-metrics REST-JSON routes: `{"__type", "Message"}`.
    case sageMaker
    /// `/api/2.0/mlflow…`: `{"error_code", "message"}`.
    case mlflow
    /// The web dashboard.
    case dashboard
}
