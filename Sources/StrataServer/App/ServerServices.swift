import StrataAuth
import StrataTracking

/// What every controller works with: the record (through the store protocols only), the users,
/// the authenticator and the configuration. One value, shared by all requests.
public struct ServerServices: Sendable {
    public let store: any SearchableTrackingStore
    public let access: any AccessStore
    public let authenticator: any RequestAuthenticator
    public let configuration: ServerConfiguration
    /// Adds, rotates and removes users over the API (admins); nil where the server holds no
    /// key file to seal new secrets with (user management then answers 400).
    public let administration: UserAdministration?

    public init(store: any SearchableTrackingStore, access: any AccessStore, authenticator: any RequestAuthenticator,
                configuration: ServerConfiguration, administration: UserAdministration? = nil) {
        self.store = store; self.access = access; self.authenticator = authenticator; self.configuration = configuration
        self.administration = administration
    }
}
