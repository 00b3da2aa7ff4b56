import FoundationEssentials
import VigilDaemon

// Prints, one a line, the UTC offset SystemTimeZone reads at each instant given (seconds since
// 1970), under the TZ this process was started with: the test compares them with Foundation's zones.
// Usage: TZ=Europe/Berlin vigil-zone-offsets SECONDS...
let zone = SystemTimeZone()
for argument in CommandLine.arguments.dropFirst() {
    guard let seconds = Int(argument) else { fatalError("not a number of seconds: \(argument)") }
    print(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
}
