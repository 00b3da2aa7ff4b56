import Dispatch
import Glibc
import Synchronization

/// SIGINT and SIGTERM turned into a request instead of the default death, so that a long command
/// can end its children's groups, remove what it half wrote and say what it abandoned.
final class InterruptSignals {
    /// The first signal's number, 0 until one arrives; shared with the handlers' thread.
    private final class FirstSignal: Sendable {
        let number = Atomic<Int32>(0)
    }

    private let received = FirstSignal()
    private var sources: [any DispatchSourceSignal] = []

    /// From now on each of the two signals calls `handler` (on another thread) with its name.
    init(_ handler: @escaping @Sendable (String) -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [received] in
                _ = received.number.compareExchange(expected: 0, desired: number, ordering: .relaxed)
                handler(Self.name(number))
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var first: Int32? {
        let number = received.number.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// 128 + the signal's number, as a shell reports a command the signal ended (130, 143).
    static func exitCode(_ number: Int32) -> Int32 { 128 + number }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}
