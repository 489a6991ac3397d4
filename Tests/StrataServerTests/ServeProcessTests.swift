import Foundation
import Testing
import _StrataTestSupport

/// `strata serve` as a process: graceful SIGTERM, refusals at start, TLS.
@Suite struct ServeProcessTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-serve-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func sigtermExitsZeroAndLogsRequests() async throws {
        let server = try await LiveServer.start()
        #expect(server.stderr.contains("strata serve: listening on http://127.0.0.1:\(server.port)\n"))
        #expect(try await LiveHTTP.get(server.url("/healthz")).status == 200)
        #expect(server.stop() == 0)
        #expect(server.stderr.contains("/healthz"))
    }

    @Test func nonLoopbackWithoutTLSIsRefused() throws {
        let directory = try Self.scratch()
        let store = "sqlite:\(directory.path)/strata.sqlite"
        let plain = try LiveServer.runStrata(["serve", "--store", store, "--host", "0.0.0.0", "--port", "0"], in: directory)
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("--insecure-http"))
        // Even with --insecure-http, a store without users is never served beyond loopback.
        let open = try LiveServer.runStrata(["serve", "--store", store, "--host", "0.0.0.0", "--port", "0", "--insecure-http"], in: directory)
        #expect(open.status == 1)
        #expect(open.stderr.contains("no users"))
        let halfTLS = try LiveServer.runStrata(["serve", "--store", store, "--port", "0", "--tls-cert", "x.pem"], in: directory)
        #expect(halfTLS.status == 1)
        #expect(halfTLS.stderr.contains("--tls-key"))
    }

    @Test func tlsAnswersHealthz() async throws {
        let directory = try Self.scratch()
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                             "-keyout", directory.appendingPathComponent("key.pem").path,
                             "-out", directory.appendingPathComponent("cert.pem").path]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a self-signed certificate")

        let server = try await LiveServer.start(arguments: ["--tls-cert", directory.appendingPathComponent("cert.pem").path,
                                                            "--tls-key", directory.appendingPathComponent("key.pem").path])
        defer { server.stop() }
        #expect(server.baseURL.scheme == "https")
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-sS", "--insecure", "--max-time", "10", "-o", "-", "-w", "\n%{http_code}", server.url("/healthz").absoluteString]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        curl.waitUntilExit()
        #expect(text.hasSuffix("\n200"))
        #expect(text.contains("\"status\":\"ok\""))
    }
}
