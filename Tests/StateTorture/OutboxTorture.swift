import Dispatch
import Foundation
import Glibc
import VigilCore
import VigilDaemon
import VigilSystemd

/// Says nothing: the torture's notifier fails often, and its entries are not what is tested.
struct SilentSink: EventSink {
    func write(_ event: JournalEvent) {}
}

/// Enqueues notifications as fast as it can through a real `NotificationOutbox` whose notifier
/// fails every other attempt (retried after a millisecond or so) and appends `delivered ID` to
/// `log` for each one delivered, so a test can SIGKILL it at random moments and check that every
/// notification it said was enqueued is delivered, by it or by the next start.
/// Prints "resumed" after loading, then "enqueued ID" once each enqueue returned (it is on disk).
func tortureOutbox(_ directory: String, log: String) -> Never {
    let descriptor = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
        say("cannot open \(log): \(String(cString: strerror(errno)))")
        exit(1)
    }
    let notifier = NotifierSettings(name: "pager", kind: .command(argv: ["/bin/true"], environment: [:]),
                                    retry: RetryPolicy(attempts: 1_000_000, backoff: .milliseconds(1), backoffMax: .milliseconds(4)))
    let queue = DispatchQueue(label: "vigil.torture.outbox")
    let outbox = NotificationOutbox(queue: queue, sink: SilentSink(), stateDirectory: directory, notifiers: ["pager": notifier]) { delivery, _ in
        if Bool.random() { return .failed(reason: "torture") }
        let line = Array("delivered \(delivery.id)\n".utf8)
        _ = line.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
        return .delivered
    }
    queue.sync { outbox.load() }
    say("resumed")
    let opened = Date()
    let incident = Incident(id: IncidentID(openedOn: opened, number: 1), title: "db is CRITICAL", severity: .p0, openedAt: opened,
                            checks: [Incident.Check(name: "db", severity: .p0, status: .critical, reason: "refused")])
    var sequence = 0
    while true {
        sequence += 1
        let id = "torture-\(getpid())-\(sequence)"
        let delivery = NotificationDelivery(id: id, notifier: "pager", event: .opened, role: "on-call", incident: incident,
                                            subject: "[P0] db is CRITICAL", body: "refused", createdAt: Date())
        queue.sync { outbox.enqueue([delivery]) }
        say("enqueued \(id)")
        usleep(500)
    }
}
