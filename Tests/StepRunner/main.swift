import Foundation
import VigilCore
import VigilDaemon

// Runs one restart_unit step through StepExecutor and prints its outcome as one JSON object,
// for the test that does so under a real systemd.
// Usage: vigil-step-runner UNIT TIMEOUT   (TIMEOUT as in config files: "30s")

struct PrintedOutcome: Encodable {
    var succeeded: Bool
    var exitStatus: String
    var milliseconds: Int64
    var outputTail: String
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let timeout = DurationText.parse(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: vigil-step-runner UNIT TIMEOUT\n".utf8))
    exit(64)
}
let outcome = StepExecutor().executeBlocking(.restartUnit(arguments[1], timeout: timeout))
let printed = PrintedOutcome(succeeded: outcome.succeeded, exitStatus: outcome.exitStatus,
                             milliseconds: DurationText.milliseconds(outcome.duration), outputTail: outcome.outputTail)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
FileHandle.standardOutput.write(try encoder.encode(printed) + Data("\n".utf8))
