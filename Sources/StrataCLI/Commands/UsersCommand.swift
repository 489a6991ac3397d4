import ArgumentParser
import Foundation
import StrataAuth
import StrataHTTPStore
import StrataSQLite
import StrataTracking

/// `strata users add|list|remove|rotate`: the people (and scripts) allowed to use `strata serve`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Add, list, remove users of a shared store and rotate their credentials.",
        discussion: """
            Credentials are printed once: a bearer token (STRATA_TOKEN, MLFLOW_TRACKING_TOKEN) and an AWS-style \
            key pair for SageMaker clients. The store keeps only the token's hash and the secret key encrypted \
            with the key file beside the database (strata-secrets.key, or $STRATA_KEY_FILE).
            """,
        subcommands: [Add.self, List.self, Remove.self, Rotate.self], defaultSubcommand: List.self)

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user and print its credentials once.")
        @Argument(help: "User name (letters, digits, inner hyphens).") var name: String
        @Option(help: "admin (also manages users), editor (reads and writes) or viewer (reads the granted experiments).")
        var role: UserRole
        @Option(help: "Comma-separated experiments a viewer may read (required for viewers).") var experiments: String?
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print the credentials as JSON: {\"name\", \"role\", \"token\", \"access_key_id\", \"secret_access_key\"}.")
        var json = false

        func run() async throws {
            let grants = experiments.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let issued: IssuedCredentials
            if let remote = try UsersCommand.remote(storeOptions) {
                struct NewUser: Encodable { let name: String; let role: String; let experiments: [String]? }
                let body = try JSONEncoder().encode(NewUser(name: name, role: role.rawValue, experiments: grants))
                issued = try JSONDecoder().decode(IssuedCredentials.self, from: try await remote.nativeRequest("POST", "/api/v1/users", json: body))
            } else {
                issued = try await UsersCommand.administration(storeOptions).add(name: name, role: role, experiments: grants)
            }
            try UsersCommand.show(issued, json: json)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their secrets).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let users: [UserSummary]
            if let remote = try UsersCommand.remote(storeOptions) {
                struct Listing: Decodable { let users: [UserSummary] }
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                users = try decoder.decode(Listing.self, from: try await remote.nativeRequest("GET", "/api/v1/users")).users
            } else {
                users = try await UsersCommand.administration(storeOptions).list().map(UserSummary.init)
            }
            if output.json { return try JSONOutput.print(users) }
            if users.isEmpty { return print("no users: `strata serve` on loopback runs open until one is added") }
            var table = TextTable(columns: ["name", "role", "experiments", "access key id", "updated"])
            for user in users {
                table.append([user.name, user.role.rawValue, user.experiments?.joined(separator: ",") ?? "(all)",
                              user.accessKeyID, user.updatedAt.listingText])
            }
            print(table.render())
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user; its credentials stop working at once.")
        @Argument(help: "User name.") var name: String
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            if let remote = try UsersCommand.remote(storeOptions) {
                _ = try await remote.nativeRequest("DELETE", "/api/v1/users/\(try UsersCommand.pathComponent(name))")
            } else {
                try await UsersCommand.administration(storeOptions).remove(name: name)
            }
            print("removed user \(name)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue new credentials (printed once); the old ones stop working.")
        @Argument(help: "User name.") var name: String
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print the credentials as JSON.") var json = false

        func run() async throws {
            let issued: IssuedCredentials
            if let remote = try UsersCommand.remote(storeOptions) {
                let answer = try await remote.nativeRequest("POST", "/api/v1/users/\(try UsersCommand.pathComponent(name))/rotate")
                issued = try JSONDecoder().decode(IssuedCredentials.self, from: answer)
            } else {
                issued = try await UsersCommand.administration(storeOptions).rotate(name: name)
            }
            try UsersCommand.show(issued, json: json)
        }
    }

    /// The server's admin API when the store is `http(s)://` (the caller's `STRATA_TOKEN` must be an admin's).
    static func remote(_ options: StoreOptions) throws -> HTTPTrackingStore? {
        guard options.url.hasPrefix("http:") || options.url.hasPrefix("https:") else { return nil }
        return try HTTPTrackingStore(url: options.url)
    }

    /// A user name as one path segment (the server checks the name itself).
    static func pathComponent(_ name: String) throws -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) ?? name
    }

    static func administration(_ options: StoreOptions) throws -> UserAdministration {
        let store = try options.openSQLite()
        return UserAdministration(store: store, sealer: try SecretSealer(keyFile: SecretSealer.keyFile(storeDirectory: store.storeDirectory)))
    }

    static func show(_ issued: IssuedCredentials, json: Bool) throws {
        if json { return try JSONOutput.print(issued) }
        Swift.print("""
            user               \(issued.name) (\(issued.role.rawValue))
            token              \(issued.token)
            access key id      \(issued.accessKeyID)
            secret access key  \(issued.secretAccessKey)

            These credentials are shown only now; `strata users rotate \(issued.name)` issues new ones.
            """)
    }
}

extension SQLiteTrackingStore {
    /// The directory of the database file (of the artifacts for an in-memory store): where the
    /// key file lives by default.
    var storeDirectory: URL {
        path.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? artifactDirectory.deletingLastPathComponent()
    }
}

extension SecretSealerError: UserFacingLibraryError {
    var userMessage: String { description }
}
