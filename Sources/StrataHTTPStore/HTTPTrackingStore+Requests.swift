import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StrataTracking

extension HTTPTrackingStore {
    /// One request to the server's native API with this store's token, for the calls that are
    /// not part of the record's contract (user management): the answer's bytes, or the error it
    /// stands for (`TrackingError`, else ``RemoteStoreError``).
    ///
    /// ```swift
    /// let issued = try await store.nativeRequest("POST", "/api/v1/users", json: body)
    /// ```
    public func nativeRequest(_ method: String, _ path: String, json: Data? = nil) async throws -> Data {
        let body = try await send(HTTPMethod(rawValue: method), path, json: json).get()
        return body.map { Data($0.readableBytesView) } ?? Data()
    }
}
