import Foundation
import Hummingbird

extension ServerError {
    /// The response in the API family's own error format.
    public func response(for api: APIFamily) -> Response {
        let (status, body): (HTTPResponse.Status, [String: Any]) = {
            switch api {
            case .sageMaker:
                // AWS JSON: every client error is 400 with `__type`, credentials 403; never 5xx for a client mistake.
                let status: HTTPResponse.Status = self.status ?? {
                    switch kind {
                    case .unauthorized, .forbidden: return .forbidden
                    case .payloadTooLarge: return .contentTooLarge
                    case .internalError: return .internalServerError
                    default: return .badRequest
                    }
                }()
                let code = self.code ?? {
                    switch kind {
                    case .notFound: return "ResourceNotFound"
                    case .limitExceeded: return "ResourceLimitExceeded"
                    case .conflict: return "ConflictException"
                    case .unauthorized: return "MissingAuthenticationTokenException"
                    case .forbidden: return "AccessDeniedException"
                    case .internalError: return "InternalFailure"
                    default: return "ValidationException"
                    }
                }()
                return (status, ["__type": code, "Message": message])
            case .mlflow:
                let status: HTTPResponse.Status = self.status ?? {
                    switch kind {
                    case .notFound: return .notFound
                    case .unauthorized: return .unauthorized
                    case .forbidden: return .forbidden
                    case .payloadTooLarge: return .contentTooLarge
                    case .internalError: return .internalServerError
                    default: return .badRequest
                    }
                }()
                let code = self.code ?? {
                    switch kind {
                    case .notFound: return "RESOURCE_DOES_NOT_EXIST"
                    case .alreadyExists: return "RESOURCE_ALREADY_EXISTS"
                    case .unauthorized: return "UNAUTHENTICATED"
                    case .forbidden: return "PERMISSION_DENIED"
                    case .internalError: return "INTERNAL_ERROR"
                    case .limitExceeded: return "RESOURCE_LIMIT_EXCEEDED"
                    default: return "INVALID_PARAMETER_VALUE"
                    }
                }()
                return (status, ["error_code": code, "message": message])
            case .native, .health, .dashboard:
                var error: [String: Any] = ["code": code ?? kind.rawValue, "message": message]
                if let field { error["field"] = field }
                if !detail.isEmpty { error["detail"] = detail }
                return (self.status ?? kind.nativeStatus, ["error": error])
            }
        }()
        var headers = HTTPFields()
        headers[.contentType] = api == .sageMaker ? "application/x-amz-json-1.1" : "application/json"
        if kind == .unauthorized && api != .sageMaker {
            headers[.wwwAuthenticate] = "Bearer realm=\"strata\""
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension ServerError.Kind {
    var nativeStatus: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .alreadyExists, .conflict: return .conflict
        case .limitExceeded: return .unprocessableContent
        case .payloadTooLarge: return .contentTooLarge
        case .methodNotAllowed: return .methodNotAllowed
        case .internalError: return .internalServerError
        }
    }
}
