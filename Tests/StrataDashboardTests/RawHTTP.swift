import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request written byte for byte to a socket: URL clients (curl, URLSession)
/// normalise `..` and some encodings before sending, and the traversal tests need the server to
/// see the request target exactly as an attacker would send it.
enum RawHTTP {
    struct Reply {
        var status: Int
        var head: String
        var body: String
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func get(port: Int, target: String, headers: [String: String] = [:]) throws -> Reply {
        try exchange(port: port, target: target, headers: headers) { _ in false }
    }

    /// Sends the request and reads until `enough(textSoFar)` or the server closes (or
    /// `idleSeconds` pass without a byte): for streams such as server-sent events, which never
    /// close by themselves.
    static func exchange(port: Int, target: String, headers: [String: String] = [:], idleSeconds: Int = 10,
                         until enough: (String) -> Bool) throws -> Reply {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port) failed") }
        var timeout = timeval(tv_sec: idleSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let fields = headers.map { "\($0.key): \($0.value)\r\n" }.joined()
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(fields)\r\n".utf8)
        guard request.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw Failure(description: "send failed")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
            if enough(String(decoding: received, as: UTF8.self)) { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no HTTP reply to \(target): \(text)") }
        let head = String(text[..<split.lowerBound])
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Reply(status: status, head: head, body: String(text[split.upperBound...]))
    }

    /// ``exchange(port:target:headers:idleSeconds:until:)`` on a thread of its own: a stream
    /// read blocks for as long as the stream lasts, and must not hold one of the cooperative
    /// pool's threads (two on CI) that the server's and the test's other tasks need.
    static func exchangeOnOwnThread(port: Int, target: String, headers: [String: String] = [:], idleSeconds: Int = 10,
                                    until enough: @escaping @Sendable (String) -> Bool) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try exchange(port: port, target: target, headers: headers, idleSeconds: idleSeconds, until: enough)
                })
            }
            thread.start()
        }
    }
}
