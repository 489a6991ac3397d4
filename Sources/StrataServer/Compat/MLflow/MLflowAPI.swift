/// The MLflow tracking API (`/api/2.0/mlflow/…`) and artifact proxy as the mlflow 3.x client calls them.
enum MLflowAPI {
    static func register(on routes: GuardedRoutes) {
    }
}
