import ArgumentParser
import Foundation
import StrataAuth
import StrataServer
import StrataSQLite

/// `strata serve`: the record over HTTP for a team (native API, SageMaker and MLflow clients).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the record over HTTP to Strata, SageMaker Experiments and MLflow clients.",
        discussion: """
            Runs in the foreground and logs requests to stderr; SIGTERM or Ctrl-C finishes the requests in \
            flight and exits 0. With no users (see `strata users add`) it runs open, but only on a loopback \
            address; once a user exists every request but GET /healthz needs credentials.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain (with --tls-key: serve HTTPS).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of the certificate.") var tlsKey: String?
    @Flag(name: .customLong("insecure-http"), help: "Allow plain HTTP on a non-loopback address (behind a TLS-terminating proxy).")
    var insecureHTTP = false
    @Option(name: .customLong("max-body-mb"), help: "Largest JSON request body, in MiB.") var maxBodyMB = 16

    func validate() throws {
        guard maxBodyMB > 0 && maxBodyMB <= 4096 else { throw ValidationError("--max-body-mb must be 1…4096, got \(maxBodyMB)") }
    }

    func run() async throws {
        let store = try storeOptions.openSQLite()
        let configuration = ServerConfiguration(host: host, port: port, tlsCertificatePath: tlsCert, tlsKeyPath: tlsKey,
                                                insecureHTTP: insecureHTTP, maxRequestBodySize: maxBodyMB << 20,
                                                artifactRoot: store.artifactDirectory)
        do { try configuration.validate() } catch { throw UserError(error.description) }
        let sealer = try SecretSealer(keyFile: SecretSealer.keyFile(storeDirectory: store.storeDirectory))
        if try await !store.hasUsers() {
            guard configuration.isLoopback else {
                throw UserError("refusing to serve \(host) with no users: add one first (strata users add NAME --role admin --store \(storeOptions.url))")
            }
            Self.say("no users defined: open access on loopback, like mlflow ui (strata users add NAME --role admin to require credentials)")
        }
        let authenticator = StrataAuthenticator(access: store, sealer: sealer, allowsOpenAccess: configuration.isLoopback)
        let services = ServerServices(store: store, access: store, authenticator: authenticator, configuration: configuration,
                                      administration: UserAdministration(store: store, sealer: sealer))
        do {
            try await runServer(services: services) { url in Self.say("listening on \(url)") }
        } catch let error as ServerStartError {
            throw UserError(error.description)
        }
    }

    static func say(_ line: String) {
        FileHandle.standardError.write(Data("strata serve: \(line)\n".utf8))
    }
}
