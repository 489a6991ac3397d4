import Foundation
import Hummingbird

/// The SageMaker Experiments subset `smexperiments` 0.1.45 and boto3 call: AWS JSON 1.1 on
/// `POST /` (`X-Amz-Target: SageMaker.<Operation>`) and the sagemaker-metrics REST-JSON routes
/// `PUT /BatchPutMetrics` and `POST /BatchGetMetrics`, on Strata's own record.
///
/// ```sh
/// SAGEMAKER_ENDPOINT=http://127.0.0.1:8080 AWS_REGION=us-east-1 \
/// AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… python train.py   # smexperiments unchanged
/// ```
///
/// A SageMaker experiment, trial and trial component are Strata's; shapes, limits and error
/// codes follow botocore's service model (`sagemaker/2017-07-24`, `sagemaker-metrics/2022-09-30`).
/// Each operation has its own rule in the route table (reads for Describe/List/Search/ListTags,
/// writes for the rest), checked by the dispatcher before the body is decoded.
enum SageMakerAPI {
    typealias Operation = @Sendable (SageMakerCall) async throws -> Response

    /// The `X-Amz-Target` prefix of every operation.
    static let targetPrefix = "SageMaker."
    static let targetHeader = HTTPFields.Element.Name("X-Amz-Target")!

    /// Every operation served on `POST /`, with its rule.
    static let operations: [String: (rule: RouteRule, run: Operation)] = [
        "CreateExperiment": (.write, createExperiment),
        "DescribeExperiment": (.read, describeExperiment),
        "UpdateExperiment": (.write, updateExperiment),
        "DeleteExperiment": (.write, deleteExperiment),
        "ListExperiments": (.read, listExperiments),
        "CreateTrial": (.write, createTrial),
        "DescribeTrial": (.read, describeTrial),
        "UpdateTrial": (.write, updateTrial),
        "DeleteTrial": (.write, deleteTrial),
        "ListTrials": (.read, listTrials),
        "CreateTrialComponent": (.write, createTrialComponent),
        "DescribeTrialComponent": (.read, describeTrialComponent),
        "UpdateTrialComponent": (.write, updateTrialComponent),
        "DeleteTrialComponent": (.write, deleteTrialComponent),
        "ListTrialComponents": (.read, listTrialComponents),
        "AssociateTrialComponent": (.write, associateTrialComponent),
        "DisassociateTrialComponent": (.write, disassociateTrialComponent),
        "Search": (.read, search),
        "AddTags": (.write, addTags),
        "ListTags": (.read, listTags),
        "DeleteTags": (.write, deleteTags),
    ]

    static func register(on routes: GuardedRoutes) {
        for (name, operation) in operations.sorted(by: { $0.key < $1.key }) {
            routes.addOperation(name, method: .post, path: "/", api: .sageMaker, rule: operation.rule)
        }
        let services = routes.services
        let table = routes.table
        routes.add(.post, "/", api: .sageMaker, rule: .perOperation) { request, context in
            let target = request.headers[targetHeader] ?? ""
            guard target.hasPrefix(targetPrefix), target.count > targetPrefix.count else {
                throw ServerError(.badRequest, target.isEmpty
                    ? "Missing X-Amz-Target header: name the operation as SageMaker.<Operation>."
                    : "Unknown target \(target): this server speaks SageMaker.<Operation>.",
                    code: "UnknownOperationException")
            }
            let name = String(target.dropFirst(targetPrefix.count))
            try table.authorize(operation: name, method: .post, path: "/", context: context)
            guard let operation = operations[name] else {
                throw ServerError(.badRequest, "Unknown operation \(name).", code: "UnknownOperationException")
            }
            let call = try await SageMakerCall(request: request, context: context, services: services)
            return try await operation.run(call)
        }
        routes.add(.put, "/BatchPutMetrics", api: .sageMaker, rule: .write) { request, context in
            try await batchPutMetrics(SageMakerCall(request: request, context: context, services: services))
        }
        routes.add(.post, "/BatchGetMetrics", api: .sageMaker, rule: .read) { request, context in
            try await batchGetMetrics(SageMakerCall(request: request, context: context, services: services))
        }
    }
}
