import Dispatch
import FoundationEssentials
import VigilCore
import VigilProcess
import VigilSystemd

/// The daemon's outbox: every notification goes through it, kept on disk (`OutboxFiles`) from the
/// moment it is asked for until it is delivered or given up, so a restart or a kill -9 never loses
/// one. The `Outbox` value decides; this class does what it says on the decision loop's queue:
/// saves an attempt before sending it, runs each send on a thread of its own (a notifier may block
/// for its whole timeout, and never on the loop's queue or Swift's cooperative pool), at most
/// `maxInFlight` at once, and hops each result back onto the queue. One timer wakes it at the
/// next due retry.
///
/// Touched on the decision loop's queue only (hence unchecked); a send's thread touches only
/// the values it was given.
public final class NotificationOutbox: @unchecked Sendable {
    /// Delivers one notification through one notifier, blocking until it is done or its timeout
    /// passed (the sender ends a command's process group, an HTTP request, at `timeout`).
    public typealias Send = @Sendable (NotificationDelivery, NotifierSettings) -> DeliveryResult

    private let queue: DispatchQueue
    private let sink: any EventSink
    private let files: OutboxFiles
    private let send: Send
    private(set) var outbox: Outbox
    /// Wakes the outbox at its next due retry.
    private lazy var deadlineTimer = DeadlineTimer(queue: queue) { [unowned self] _ in handle([]) }
    /// The latest write failure said, so a full disk is journaled once per episode, not per change.
    private var writeFailure: String?
    private var stopped = false
    /// Between `restore` and `start`: deliveries are kept, none is begun nor given up yet.
    private var held = false
    /// How long past its notifier's timeout a send may go before it is said to hang.
    private let overrunGrace: Duration

    /// Called on the loop's queue when a notifier gave up on a delivery, with the reason: the
    /// integrator records it on the incident's timeline and notifies the next level.
    public var onGaveUp: (NotificationDelivery, String) -> Void = { _, _ in }
    /// Called on the loop's queue after the outbox changed, so status.json shows it.
    public var onChanged: () -> Void = {}

    /// `notifiers` are the running configuration's: `load` gives up on a delivery whose notifier
    /// is not among them, so they come before it (never an empty placeholder).
    public init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String, notifiers: [String: NotifierSettings],
         maxInFlight: Int = Outbox.defaultMaxInFlight, overrunGrace: Duration = .seconds(30), send: @escaping Send) {
        self.queue = queue
        self.overrunGrace = overrunGrace
        self.sink = sink
        self.send = send
        files = OutboxFiles(stateDirectory: stateDirectory)
        outbox = Outbox(notifiers: notifiers, maxInFlight: maxInFlight)
    }

    /// For status.json: how many deliveries wait, and the oldest.
    public var summary: OutboxSummary { outbox.summary }

    /// Takes what earlier runs left and begins sending it: `restore`, then `start`.
    public func load() {
        restore()
        start()
    }

    /// Takes what earlier runs left: every delivery is due now, those being sent when the daemon
    /// was killed included (same id, so a receiver drops a duplicate). A file that cannot be read
    /// is set aside and reported. Nothing is sent nor given up until `start`, so the daemon loads
    /// its incidents in between and a give-up at start (a notifier gone) reaches its incident.
    public func restore() {
        let loaded = files.load()
        for problem in loaded.problems {
            let moved = problem.movedTo.map { "set aside as \($0)" } ?? "could not be set aside"
            sink.write(.daemonError("outbox file \(problem.path) \(moved)", reason: problem.reason))
        }
        outbox.restore(loaded.entries, at: Date())
        held = true
    }

    /// Begins what `restore` took and whatever was enqueued since.
    public func start() {
        held = false
        handle([])
    }

    /// New deliveries: on disk before anything else, then sent as slots allow.
    public func enqueue(_ deliveries: [NotificationDelivery]) {
        handle(outbox.enqueue(deliveries, at: Date()))
    }

    /// A reload's `[notifier.*]`: deliveries waiting for a notifier that is gone give up now;
    /// the others retry with their notifier's new settings.
    public func updateSettings(_ notifiers: [String: NotifierSettings]) {
        handle(outbox.updateNotifiers(notifiers, at: Date()))
    }

    /// The daemon stops: no new attempt begins. Sends under way end on their own (each within its
    /// timeout); what they leave pending is on disk for the next start.
    public func stop() {
        stopped = true
        deadlineTimer.arm(at: nil)
    }

    private func finished(_ id: String, _ result: DeliveryResult) {
        handle(outbox.finished(id, result: result, at: Date()))
    }

    /// Does what the outbox said, in order, then begins what is due (unless stopping) and re-arms.
    private func handle(_ outputs: [OutboxOutput]) {
        perform(outputs)
        if !stopped && !held { perform(outbox.dispatch(at: Date())) }
        arm()
        onChanged()
    }

    private func perform(_ outputs: [OutboxOutput]) {
        for output in outputs {
            switch output {
            case .save(let entry): persist("notification \(entry.id)") { try files.save(entry) }
            case .remove(let id): persist("the removal of notification \(id)") { try files.delete(id) }
            case .journal(let event): sink.write(event)
            case .gaveUp(let delivery, let reason): onGaveUp(delivery, reason)
            case .send(let entry, let settings): start(entry, settings)
            }
        }
    }

    /// One attempt on a thread of its own; its result comes back on the loop's queue.
    private func start(_ entry: OutboxEntry, _ settings: NotifierSettings) {
        let send = send
        let queue = queue
        let delivery = entry.delivery
        DetachedThread.start { [self] in
            let result = send(delivery, settings)
            queue.async { [self] in finished(delivery.id, result) }
        }
        watch(entry, settings)
    }

    /// The sender ends every attempt at its notifier's timeout; one still running well past it
    /// holds a slot nothing else frees, so it is said (once per attempt) rather than left silent.
    private func watch(_ entry: OutboxEntry, _ settings: NotifierSettings) {
        let limit = settings.timeout + overrunGrace
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(DurationText.milliseconds(limit)))) { [weak self] in
            guard let self, outbox.inFlight.contains(entry.id), outbox.entry(entry.id)?.attempts == entry.attempts else { return }
            sink.write(JournalEvent(kind: nil, priority: .warning,
                                    message: "notifier \(settings.name) is still sending notification \(entry.id) "
                                        + "\(DurationText.format(limit)) after it began, past its timeout of "
                                        + "\(DurationText.format(settings.timeout)); its slot stays taken until the send returns",
                                    fields: [JournalEvent.Field("NOTIFIER", settings.name),
                                             JournalEvent.Field("NOTIFICATION_ID", entry.id),
                                             JournalEvent.Field("INCIDENT_ID", entry.delivery.incident.id.description),
                                             JournalEvent.Field("ATTEMPTS", String(entry.attempts)),
                                             JournalEvent.Field("TIMEOUT", DurationText.format(settings.timeout))]))
        }
    }

    /// A write that fails (full or read-only disk) is said once per reason; the delivery goes on
    /// in memory, and a restart before the disk works again may lose what was not written.
    private func persist(_ what: String, _ write: () throws -> Void) {
        do {
            try write()
            writeFailure = nil
        } catch {
            let reason = "\(error)"
            if writeFailure != reason {
                writeFailure = reason
                sink.write(.daemonError("cannot save \(what) in the outbox", reason: reason))
            }
        }
    }

    /// One timer at the outbox's next deadline.
    private func arm() {
        deadlineTimer.arm(at: stopped || held ? nil : outbox.nextDeadline)
    }
}
