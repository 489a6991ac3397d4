import Hummingbird
import StrataTracking

/// Decodes a write batch (`POST /api/v1/writes`).
enum NativeWriteDecoding {
    static func batch(_ request: Request, _ context: StrataRequestContext) async throws -> TrackingWriteBatch {
        try await NativeHTTP.body(NativeBody.WriteBatch.self, request, context).batch()
    }
}
