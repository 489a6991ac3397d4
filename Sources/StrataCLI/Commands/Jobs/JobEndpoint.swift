import Foundation
import StrataAuth
import StrataJobs
import StrataServer
import StrataSQLite

/// The SageMaker endpoint and key pair a job's command uses, and how they are given back:
/// - by default a server started in this process on a free loopback port, which accepts a key
///   pair issued for the job (``CredentialIssuer``) and held only in this process's memory
///   (``JobKeyAuthenticator``) besides the store's own users — the store's users are untouched,
///   so an open `strata serve` on the same store stays open;
/// - with `--server URL`, that running server, and a user `job-<component>` (editor) added to
///   the store for the job and removed when it ends.
struct JobEndpoint {
    var url: String
    var credentials: JobCredentials
    var close: @Sendable () async -> Void

    static func open(server: String?, store: SQLiteTrackingStore, runner: JobRunner) async throws -> JobEndpoint {
        let sealer = try SecretSealer(keyFile: SecretSealer.keyFile(storeDirectory: store.storeDirectory))
        if let server {
            let administration = UserAdministration(store: store, sealer: sealer)
            let user = "job-\(runner.component)"
            let issued = try await administration.add(name: user, role: .editor, experiments: nil)
            return JobEndpoint(url: server, credentials: JobCredentials(accessKeyID: issued.accessKeyID,
                                                                        secretAccessKey: issued.secretAccessKey)) {
                try? await administration.remove(name: user)
            }
        }
        let key = JobCredentials(accessKeyID: CredentialIssuer.newAccessKeyID(), secretAccessKey: CredentialIssuer.newSecretAccessKey())
        let authenticator = JobKeyAuthenticator(base: StrataAuthenticator(access: store, sealer: sealer, allowsOpenAccess: true),
                                                job: runner.component, accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey)
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, artifactRoot: store.artifactDirectory,
                                                awsRegion: runner.configuration.region, awsAccountID: runner.configuration.account)
        let services = ServerServices(store: store, access: store, authenticator: authenticator, configuration: configuration)
        let jobServer: JobServer
        do {
            jobServer = try await JobServer.start(services: services)
        } catch let error as ServerStartError {
            throw UserError("cannot start the job's server: \(error.description)")
        }
        return JobEndpoint(url: jobServer.url, credentials: key) { await jobServer.shutdown() }
    }
}
