import ArgumentParser
import Foundation
import StrataAuth
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
        var role: String
        @Option(help: "Comma-separated experiments a viewer may read (required for viewers).") var experiments: String?
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print the credentials as JSON: {\"name\", \"role\", \"token\", \"access_key_id\", \"secret_access_key\"}.")
        var json = false

        func run() async throws {
            guard let role = UserRole(rawValue: role) else {
                throw UserError("unknown role '\(role)'; use admin, editor or viewer")
            }
            let grants = experiments.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let issued = try await UsersCommand.administration(storeOptions).add(name: name, role: role, experiments: grants)
            try UsersCommand.show(issued, json: json)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their secrets).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let users = try await UsersCommand.administration(storeOptions).list()
            if output.json { return try JSONOutput.print(users.map(UserSummary.init)) }
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
            try await UsersCommand.administration(storeOptions).remove(name: name)
            print("removed user \(name)")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue new credentials (printed once); the old ones stop working.")
        @Argument(help: "User name.") var name: String
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print the credentials as JSON.") var json = false

        func run() async throws {
            let issued = try await UsersCommand.administration(storeOptions).rotate(name: name)
            try UsersCommand.show(issued, json: json)
        }
    }

    static func administration(_ options: StoreOptions) throws -> UserAdministration {
        if options.url.hasPrefix("http:") || options.url.hasPrefix("https:") {
            throw UserError("users are managed on the server's own store: run `strata users` where `strata serve` runs, with --store sqlite:<path>")
        }
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
