// offshore-fuzz: the readers of offshore under libFuzzer, or, in a normal build, a replayer of corpus files.
//
// Fuzzing build (scripts/fuzz.sh does this):
//   swift build -c debug --scratch-path .build-fuzz --product offshore-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
//   OFFSHORE_FUZZ_TARGET=wiod .build-fuzz/debug/offshore-fuzz CORPUS_DIR -max_total_time=40
// libFuzzer's driver runs from our main; the harness is chosen by the environment variable OFFSHORE_FUZZ_TARGET
// (OFFSHORE_FUZZ_TARGET=list prints the names, as `offshore-fuzz --list` does in a normal build). A crash, a
// sanitizer report or an error that is not an InputError aborts with the harness name, and libFuzzer saves the input.
//
// Normal build: `offshore-fuzz HARNESS FILE_OR_DIR...` runs each file through the same harness code and prints
// whether the reader accepted or refused it; exit 1 when any file is a finding (an error other than InputError).
import Foundation
import FuzzHarnesses

#if FUZZING
/// The harness named by OFFSHORE_FUZZ_TARGET.
private let selectedHarness: FuzzHarness = {
    let name = ProcessInfo.processInfo.environment["OFFSHORE_FUZZ_TARGET"] ?? ""
    if name == "list" {
        print(FuzzHarness.allCases.map(\.rawValue).joined(separator: "\n"))
        exit(0)
    }
    guard let h = FuzzHarness(rawValue: name) else {
        let names = FuzzHarness.allCases.map(\.rawValue).joined(separator: ", ")
        fputs("offshore-fuzz: set OFFSHORE_FUZZ_TARGET to one of: \(names) (found '\(name)')\n", stderr)
        exit(2)
    }
    return h
}()

/// libFuzzer's entry point: one input through the selected harness.
@_cdecl("LLVMFuzzerTestOneInput")
public func offshoreFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        _ = try selectedHarness.run(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
    } catch {
        fputs("offshore-fuzz: FINDING in harness \(selectedHarness.rawValue): \(error)\n", stderr)
        abort()
    }
    return 0
}

/// libFuzzer's driver (in the runtime that -sanitize=fuzzer links): parses libFuzzer's flags from argv and
/// runs the callback. Called from our own main because SwiftPM renames an executable's entry point and defines
/// `main` as that name, so libFuzzer's `main` is never linked in.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The fuzzing build's main: libFuzzer's driver over the selected harness.
@main
struct OffshoreFuzzMain {
    static func main() {
        _ = selectedHarness
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(llvmFuzzerRunDriver(&argc, &argv) { data, size in offshoreFuzzTestOneInput(data, size) })
    }
}
#else
/// The corpus replayer of a normal build.
@main
struct OffshoreFuzzReplay {
    static func main() {
        let args = Array(CommandLine.arguments.dropFirst())
        let names = FuzzHarness.allCases.map(\.rawValue)
        if args.first == "--list" {
            print(names.joined(separator: "\n"))
            return
        }
        guard let name = args.first, let harness = FuzzHarness(rawValue: name), args.count >= 2 else {
            fputs("usage: offshore-fuzz HARNESS FILE_OR_DIR...   (harnesses: \(names.joined(separator: ", ")))\n", stderr)
            fputs("       offshore-fuzz --list\n", stderr)
            exit(2)
        }
        for path in args.dropFirst() where !FileManager.default.fileExists(atPath: path) {
            fputs("offshore-fuzz: no such file or folder: \(path)\n", stderr)
            exit(2)
        }
        var findings = 0
        for path in FuzzCorpus.files(args.dropFirst()) {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                fputs("offshore-fuzz: cannot read \(path)\n", stderr)
                exit(2)
            }
            do {
                switch try harness.run([UInt8](bytes)) {
                case .accepted: print("\(path): accepted")
                case .rejected(let e): print("\(path): rejected: \(e.message)")
                }
            } catch {
                print("\(path): FINDING: \(error)")
                findings += 1
            }
        }
        FuzzFiles.removeAll()
        exit(findings == 0 ? 0 : 1)
    }
}
#endif
