import KaopingCore
#if canImport(Glibc)
import Glibc
#endif

/// To standard error, unbuffered: the line must be out before a crash.
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

#if FUZZING
/// Chosen once, from `KAOPING_FUZZ_TARGET`: libFuzzer owns the command line.
private let selected: FuzzProbes.Probe = {
    let name = getenv("KAOPING_FUZZ_TARGET").map { String(cString: $0) } ?? "reader-differential"
    guard let target = FuzzProbes.all[name] else {
        printError("kaoping-fuzz: no target \(name) (there are: \(FuzzProbes.names))")
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let problem = selected(UnsafeBufferPointer(start: data, count: size)) {
        printError(problem)
        abort()
    }
    return 0
}
#else
/// Without libFuzzer: replays saved inputs through a target, for regression runs.
/// `kaoping-fuzz TARGET FILE…`; exit 1 when any input shows a problem.
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzProbes.all[name] else {
            printError("usage: kaoping-fuzz TARGET FILE…  (targets: \(FuzzProbes.names))")
            exit(2)
        }
        var failed = false
        for path in arguments.dropFirst() {
            guard let bytes = try? WholeFile.read(path) else {
                printError("kaoping-fuzz: cannot read \(path)")
                exit(2)
            }
            if let problem = bytes.withUnsafeBufferPointer(target) {
                print("\(path): \(problem)")
                failed = true
            }
        }
        exit(failed ? 1 : 0)
    }
}
#endif
