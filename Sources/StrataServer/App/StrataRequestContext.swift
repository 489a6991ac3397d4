import Hummingbird
import StrataAuth

/// Per-request state: the authenticated caller (set by the route guard before a handler runs).
public struct StrataRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is calling; nil only before the guard ran or on open routes (`/healthz`).
    public var caller: Caller?
    /// JSON bodies larger than this are refused with 413 by `decode`; artifact uploads stream
    /// and are limited separately.
    public var maxUploadSize: Int

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.caller = nil
        self.maxUploadSize = 16 << 20
    }
}
