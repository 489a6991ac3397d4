import Foundation
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StepCache {
    /// Entry `key` from the cache, or computed by `compute` and stored — by one process at a time.
    ///
    /// Sweep workers start together on a cold cache and would otherwise all compute the same
    /// UMAP at once, each slowed by the others. The first to miss takes an exclusive `flock` on
    /// `<key>.lock` in the cache directory, computes and stores; the others wait for that lock
    /// (polling, so a signal still stops them) and then load the stored entry. The lock belongs
    /// to the open file, so the kernel drops it when its holder exits or is killed: a killed
    /// worker leaves no stale lock, and the next waiter computes the entry itself. A cache
    /// directory that cannot hold a lock file (read-only, full) computes without one.
    /// `hit` is true when the output came from the cache.
    public func loadOrCompute(key: String, compute: () throws -> (output: Matrix, fitted: FittedStep))
        throws -> (output: Matrix, fitted: FittedStep, hit: Bool) {
        if let cached = load(key: key) { return (cached.output, cached.fitted, true) }
        let lock = EntryLock(url: lockURL(key))
        defer { lock.release() }
        // Waiting ends with the lock held (or with no lock file possible): either way, check again.
        lock.acquire()
        if let cached = load(key: key) { return (cached.output, cached.fitted, true) }
        let computed = try compute()
        try store(key: key, output: computed.output, fitted: computed.fitted)
        // Later callers find the entry; a waiter still holding the old file finds it too.
        lock.removeFile()
        return (computed.output, computed.fitted, false)
    }

    func lockURL(_ key: String) -> URL { directory.appendingPathComponent("\(key).lock") }
}

/// An exclusive advisory lock on one file (`flock`), held by this process until ``release()``
/// or its exit.
final class EntryLock {
    let url: URL
    private var descriptor: Int32 = -1
    /// Polling interval while another process holds the lock.
    static let pollSeconds = 0.05

    init(url: URL) { self.url = url }

    /// Blocks until the lock is held; returns without it when the file cannot be opened.
    func acquire() {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { close(fd); return }
            Thread.sleep(forTimeInterval: Self.pollSeconds)
        }
        descriptor = fd
    }

    var isHeld: Bool { descriptor >= 0 }

    /// Deletes the lock file while holding it (waiters on the old file still get the lock).
    func removeFile() {
        if isHeld { unlink(url.path) }
    }

    func release() {
        guard isHeld else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
