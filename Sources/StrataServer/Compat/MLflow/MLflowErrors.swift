/// The MLflow error codes the client acts on, as ``ServerError``s (rendered as
/// `{"error_code", "message"}` with 400 / 404).
enum MLflowErrors {
    static func notFound(_ message: String) -> ServerError {
        ServerError(.notFound, message, code: "RESOURCE_DOES_NOT_EXIST")
    }

    static func alreadyExists(_ message: String) -> ServerError {
        ServerError(.alreadyExists, message, code: "RESOURCE_ALREADY_EXISTS")
    }

    /// MLflow's error body has no field member, so the message names the field.
    static func invalid(_ message: String, field: String? = nil) -> ServerError {
        var text = message
        if let field, !field.isEmpty, !message.contains("'\(field)'") { text += " (field \(field))" }
        return ServerError(.badRequest, text, field: field, code: "INVALID_PARAMETER_VALUE")
    }
}
