import Foundation
import Glibc
import VigilCore
import VigilDaemon
import VigilTestSupport

// Saves an ever-changing state as fast as it can, so a test can SIGKILL it at random moments
// and check that what is on disk is always a document that was saved whole.
// Usage: vigil-state-torture STATE_DIR            (StateStore: whole documents)
//        vigil-state-torture --log STATE_DIR      (EngineStateStore: a snapshot and its log)
//        vigil-state-torture --outbox STATE_DIR LOG   (NotificationOutbox: no notification lost)
// Prints "resumed N" after loading, then "saved N" after each save returns.

func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
}

/// The engine state of save N: plans p(N-30)…pN on targets of their own and a coordinator whose
/// limit is N, so a record lost, applied twice or out of order cannot pass for a state saved whole.
func tortureState(_ sequence: Int) -> EngineState {
    var state = EngineState()
    state.coordinator = RemediationCoordinator(maxConcurrentRemediations: max(sequence, 1))
    for index in max(1, sequence - 30)...max(sequence, 1) where sequence > 0 {
        state.plans["p\(index)"] = PlanSlot(plan: "p\(index)", target: "t\(index)", mode: .enforce, budget: RemediationBudget())
    }
    return state
}

func tortureLog(_ directory: String) -> Never {
    // A small compaction size, so kills land in new snapshots too.
    let store = EngineStateStore(directory: directory, minimumCompactionBytes: 4 * 1024)
    let loaded = store.load()
    var sequence = 0
    switch loaded.outcome {
    case .fresh:
        break
    case .loaded(let state, _):
        sequence = state.coordinator.maxConcurrentRemediations
        guard state == tortureState(sequence) else {
            say("loaded an inconsistent state \(sequence) after \(loaded.replayed) records")
            exit(1)
        }
    case .setAside(let movedTo, let reason):
        say("set aside to \(movedTo): \(reason)")
        exit(1)
    case .unusable(let reason):
        say("unusable: \(reason)")
        exit(1)
    }
    if let damaged = loaded.damagedLog { say("damaged: \(damaged)") }
    say("resumed \(sequence) after \(loaded.replayed) records")
    do {
        try store.compact(tortureState(sequence))
        while true {
            sequence += 1
            try store.save(tortureState(sequence), scope: .decisions)
            say("saved \(sequence)")
        }
    } catch {
        say("save failed: \(error)")
        exit(1)
    }
}

if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--outbox" {
    tortureOutbox(CommandLine.arguments[2], log: CommandLine.arguments[3])
}
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--log" {
    tortureLog(CommandLine.arguments[2])
}
guard CommandLine.arguments.count == 2 else {
    say("usage: vigil-state-torture [--log] STATE_DIR | --outbox STATE_DIR LOG")
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
