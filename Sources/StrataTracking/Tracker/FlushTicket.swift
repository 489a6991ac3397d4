import Synchronization

/// The outcome of one batch handed to a ``Tracker``'s write queue: completed once by the queue,
/// awaited by any number of callers (each sees the same result).
///
/// ```swift
/// let ticket = FlushTicket()
/// queue.async { ticket.complete(Result { try store.applySynchronously(batch) }) }
/// try await ticket.wait()
/// ```
///
/// O(1) per completion and per waiter.
final class FlushTicket: Sendable {
    private struct State: ~Copyable {
        var result: Result<Void, any Error>?
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    private let state = Mutex(State())

    func complete(_ result: Result<Void, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let done = state.withLock { state -> Result<Void, any Error>? in
                if state.result == nil { state.waiters.append(continuation) }
                return state.result
            }
            if let done { continuation.resume(with: done) }
        }
    }
}
