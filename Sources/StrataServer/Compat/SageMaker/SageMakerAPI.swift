/// The SageMaker Experiments subset `smexperiments` and boto3 call: AWS JSON 1.1 on `POST /` and
/// the sagemaker-metrics REST-JSON routes.
enum SageMakerAPI {
    static func register(on routes: GuardedRoutes) {
    }
}
