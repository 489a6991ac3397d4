import Foundation
import Hummingbird
import NIOCore
import StrataAuth
import StrataTracking

/// A refused request, written in the error format of the API that was called. Client mistakes are
/// 4xx with a message naming the field; nothing a client sends produces a 5xx (botocore and the
/// mlflow client retry those).
public struct ServerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case badRequest, unauthorized, forbidden, notFound, alreadyExists, conflict, limitExceeded
        case payloadTooLarge, methodNotAllowed, internalError
    }

    public var kind: Kind
    public var message: String
    /// The request field at fault (`name`, `MetricData[3].Value`), when one is.
    public var field: String?
    /// An API-specific code overriding the kind's default (`InvalidSignatureException`, `INVALID_PARAMETER_VALUE`).
    public var code: String?
    /// An HTTP status overriding the kind's default for the API.
    public var status: HTTPResponse.Status?
    /// Structured details for clients that rebuild the error (the native API sends a
    /// `TrackingError`'s ``TrackingError/wireFields`` here, so the remote store throws the same case).
    public var detail: [String: String] = [:]

    public init(_ kind: Kind, _ message: String, field: String? = nil, code: String? = nil, status: HTTPResponse.Status? = nil) {
        self.kind = kind; self.message = message; self.field = field; self.code = code; self.status = status
    }

    public var description: String { message }

    public static func badRequest(_ message: String, field: String? = nil) -> ServerError { .init(.badRequest, message, field: field) }
    public static func notFound(_ message: String) -> ServerError { .init(.notFound, message) }
    public static func forbidden(_ message: String) -> ServerError { .init(.forbidden, message) }
}

extension ServerError {
    /// The client-facing form of any error a handler throws.
    public init(_ error: any Error) {
        switch error {
        case let error as ServerError: self = error
        case let error as TrackingError: self = ServerError(tracking: error)
        case let error as SearchError: self = ServerError(.badRequest, error.description, field: "query")
        case let error as AuthenticationFailure:
            switch error {
            case .missingCredentials, .invalidToken: self = ServerError(.unauthorized, error.description)
            case .storeUnavailable: self = ServerError(.internalError, error.description)
            default: self = ServerError(.forbidden, error.description, code: Self.awsCode(error))
            }
        case let error as DecodingError: self = ServerError(decoding: error)
        case is NIOTooManyBytesError:
            self = ServerError(.payloadTooLarge, "The request body is larger than this server accepts.")
        case let error as HTTPError where error.status == .contentTooLarge:
            self = ServerError(.payloadTooLarge, "The request body is larger than this server accepts.")
        case let error as HTTPError where (400..<500).contains(error.status.code):
            self = ServerError(.badRequest, error.body ?? error.status.reasonPhrase)
        default: self = ServerError(.internalError, "Internal error: \(error)")
        }
    }

    /// The AWS error code of a refused SigV4 signature (these failures only come from SigV4 requests).
    static func awsCode(_ failure: AuthenticationFailure) -> String? {
        switch failure {
        case .unknownAccessKey: return "UnrecognizedClientException"
        case .signatureMismatch, .signatureExpired: return "InvalidSignatureException"
        default: return nil
        }
    }

    init(tracking error: TrackingError) {
        switch error {
        case .invalidName(let kind, _): self = .init(.badRequest, error.description, field: "\(kind)Name")
        case .invalidValue(let field, _): self = .init(.badRequest, error.description, field: field)
        case .limitExceeded: self = .init(.limitExceeded, error.description)
        case .nonFiniteMetric, .nonFiniteParameter, .unsafeArtifactName, .invalidStoreURL, .trackerClosed:
            self = .init(.badRequest, error.description)
        case .notFound: self = .init(.notFound, error.description)
        case .conflict: self = .init(.conflict, error.description)
        case .alreadyExists: self = .init(.alreadyExists, error.description)
        case .hasChildren: self = .init(.conflict, error.description)
        case .storage: self = .init(.internalError, error.description)
        }
        detail = error.wireFields
    }

    init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            self = .init(.badRequest, "Missing required field \(field).", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            self = .init(.badRequest, "Field \(field.isEmpty ? "(body)" : field) has the wrong type: expected \(type).", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            self = .init(.badRequest, field.isEmpty ? "The body is not valid JSON." : "Field \(field) is invalid: \(context.debugDescription)",
                         field: field.isEmpty ? nil : field)
        @unknown default:
            self = .init(.badRequest, "The body could not be decoded.")
        }
    }
}
