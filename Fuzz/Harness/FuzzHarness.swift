import Foundation
import _StrataFuzz

// libFuzzer entry points. Built only by Benchmarks/fuzz.sh (STRATA_FUZZ=1 swift build
// -Xswiftc -sanitize=fuzzer,address); STRATA_FUZZ_ENTRY picks the format, e.g. `csv`.

let entry: FuzzEntry = {
    let name = ProcessInfo.processInfo.environment["STRATA_FUZZ_ENTRY"] ?? ""
    guard let entry = FuzzEntry.named(name) else {
        fatalError("set STRATA_FUZZ_ENTRY to one of: \(FuzzEntry.all.map(\.name).joined(separator: ", "))")
    }
    return entry
}()

/// With STRATA_FUZZ_SEEDS=<dir>, writes the entry's seed inputs there and exits (the script's
/// starting corpus).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let dir = ProcessInfo.processInfo.environment["STRATA_FUZZ_SEEDS"] else { return 0 }
    do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (i, seed) in try entry.seeds().enumerated() {
            try Data(seed).write(to: URL(fileURLWithPath: dir).appendingPathComponent("seed-\(i)"))
        }
    } catch { fatalError("cannot write seeds: \(error)") }
    exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if case .unexpected(let message) = entry.check(bytes) {
        fatalError("\(entry.name): undocumented error: \(message)")
    }
    return 0
}

// SwiftPM links an executable's entry as `<module>_main`; hand control to libFuzzer's driver there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("strata_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
