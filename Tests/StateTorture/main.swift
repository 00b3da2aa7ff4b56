import Foundation
import Glibc
import VigilDaemon
import VigilTestSupport

// Saves an ever-changing state as fast as it can, so a test can SIGKILL it at random moments
// and check that what is on disk is always a document that was saved whole.
// Usage: vigil-state-torture STATE_DIR
// Prints "resumed N" after loading, then "saved N" after each save returns.

func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
}

guard CommandLine.arguments.count == 2 else {
    say("usage: vigil-state-torture STATE_DIR")
    exit(64)
}
let store = StateStore<TortureDocument>(directory: CommandLine.arguments[1])
var sequence = 0
switch store.load() {
case .fresh:
    break
case .loaded(let document, _):
    guard document == TortureDocument(sequence: document.sequence) else {
        say("loaded an inconsistent document \(document.sequence)")
        exit(1)
    }
    sequence = document.sequence
case .setAside(let movedTo, let reason):
    say("set aside to \(movedTo): \(reason)")
    exit(1)
case .unusable(let reason):
    say("unusable: \(reason)")
    exit(1)
}
say("resumed \(sequence)")
while true {
    sequence += 1
    do {
        try store.save(TortureDocument(sequence: sequence))
    } catch {
        say("save failed: \(error)")
        exit(1)
    }
    say("saved \(sequence)")
}
