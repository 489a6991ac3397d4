import Foundation
import Hummingbird
import StrataAuth
import StrataTracking

/// One SageMaker request being served: the caller, the collected body, the services, and the
/// AWS JSON conventions (epoch-second timestamps, `application/x-amz-json-1.1`).
struct SageMakerCall: Sendable {
    let services: ServerServices
    let caller: Caller
    let body: Data

    init(request: Request, context: StrataRequestContext, services: ServerServices) async throws {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        self.services = services
        self.caller = try context.requireCaller
        self.body = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
    }

    var store: any SearchableTrackingStore { services.store }
    var arns: SageMakerARN { SageMakerARN(region: services.configuration.awsRegion, account: services.configuration.awsAccountID) }

    /// The body as `T`; botocore sends timestamps as epoch seconds, other clients may send ISO-8601.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self), seconds.isFinite {
                return Date(timeIntervalSince1970: seconds)
            }
            if let text = try? container.decode(String.self), let date = SageMakerTime.parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a timestamp (epoch seconds or ISO-8601)")
        }
        do {
            return try decoder.decode(T.self, from: body)
        } catch let error as DecodingError {
            throw ServerError(decoding: error)
        }
    }

    /// `value` as an AWS JSON 1.1 response.
    func reply<T: Encodable>(_ value: T) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return JSONResponse.raw(try encoder.encode(value), contentType: "application/x-amz-json-1.1")
    }

    /// An empty `{}` reply.
    func replyEmpty() -> Response { JSONResponse.raw(Data("{}".utf8), contentType: "application/x-amz-json-1.1") }

    /// Viewers see only the experiments granted to them.
    var seesEverything: Bool { caller.canWrite || caller.experiments == nil }

    func requireRead(experiment: String) throws {
        guard caller.canRead(experiment: experiment) else {
            throw ServerError(.forbidden, "User \(caller.name) may not read experiment \"\(experiment)\".")
        }
    }

    /// A component is readable when any of its trials belongs to a readable experiment.
    func canRead(parents: [SageMakerShapes.Parent]) -> Bool {
        seesEverything || parents.contains { caller.canRead(experiment: $0.ExperimentName) }
    }
}

/// Timestamps written as text (search filter values, non-botocore clients).
enum SageMakerTime {
    /// Epoch seconds, or ISO-8601 with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
