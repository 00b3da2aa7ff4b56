import Dispatch
import FoundationEssentials
import VigilCore
import VigilSystemd

/// The daemon's incidents: owns the `IncidentBook`, feeds it the engine's confirmed changes and
/// the passing of time (one timer at the book's next deadline), journals what it says and keeps
/// every incident on disk (`IncidentFiles`), so a restart neither forgets one nor opens a second.
///
/// The book's notifications become one delivery per notifier of their recipient: a `journal`
/// notifier's is written at once, every other goes to the outbox (`deliver`) before the incident
/// itself is saved, so a crash between the two repeats a notification (same key) but never loses one.
///
/// Touched on the decision loop's queue only (hence unchecked).
final class IncidentDesk: @unchecked Sendable {
    private let queue: DispatchQueue
    private let sink: any EventSink
    private let files: IncidentFiles
    private(set) var book = IncidentBook()
    /// Wakes the book at its next deadline (an escalation, an update, a resolved incident to forget).
    private lazy var deadlineTimer = DeadlineTimer(queue: queue) { [unowned self] _ in handle(book.timePassed(at: Date())) }
    /// The `lastIssued` on disk.
    private var savedIssued: IncidentID?
    /// The latest write failure said, so a full disk is journaled once per episode, not per change.
    private var writeFailure: String?
    private var stopped = false
    /// Re-posts unresolved incidents to the Alertmanagers that heard of them, every minute.
    private var alertRefreshTimer: DispatchSourceTimer?
    /// The latest confirmed change of each check maintenance covers, kept aside: it reaches the
    /// book when the window or silence ends (`release`), so a check still failing opens its incident then.
    private var held: [String: ConfirmedChange] = [:]

    /// Called on the loop's queue after the book changed, so status.json shows it.
    var onChanged: () -> Void = {}
    /// Hands deliveries to the outbox, which keeps them on disk until they are sent or given up.
    var deliver: ([NotificationDelivery]) -> Void = { _ in }
    /// The template's `{current_actions}` for an incident: what the remediation plans of its checks do.
    var currentActions: (Incident) -> String = { _ in "" }

    init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String) {
        self.queue = queue
        self.sink = sink
        files = IncidentFiles(stateDirectory: stateDirectory)
    }

    /// The incidents not resolved yet, in the order they opened.
    var unresolved: [Incident] { book.unresolved }

    /// The configuration's incident settings, at start and on every reload; deadlines follow them.
    func configure(_ settings: IncidentSettings) {
        book.settings = settings
        arm()
        armAlertRefresh()
    }

    /// One repeating timer while any `alertmanager` notifier is configured, none otherwise.
    private func armAlertRefresh() {
        let wanted = !stopped && book.settings.notifiers.values.contains { $0.kind.name == "alertmanager" }
        guard wanted != (alertRefreshTimer != nil) else { return }
        alertRefreshTimer?.cancel()
        alertRefreshTimer = nil
        guard wanted else { return }
        let interval = Int(DurationText.milliseconds(NotificationRouting.alertRefreshInterval))
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval), leeway: .seconds(1))
        timer.setEventHandler { [unowned self] in
            let refreshes = NotificationRouting.alertRefreshes(of: book.unresolved, audience: book.audience(of:),
                                                               settings: book.settings, at: Date())
            if !refreshes.isEmpty { deliver(refreshes) }
        }
        timer.resume()
        alertRefreshTimer = timer
    }

    /// Loads what earlier runs kept; a file that cannot be read is set aside and reported.
    func load() {
        let loaded = files.load()
        for problem in loaded.problems {
            let moved = problem.movedTo.map { "set aside as \($0)" } ?? "could not be set aside"
            sink.write(.daemonError("incident file \(problem.path) \(moved)", reason: problem.reason))
        }
        book = IncidentBook(settings: book.settings, incidents: loaded.incidents, lastIssued: loaded.lastIssued)
        savedIssued = loaded.lastIssued
        // Deadlines that passed while the daemon was down are due now.
        handle(book.timePassed(at: Date()))
    }

    /// A check's confirmed status changed (`EngineOutput.confirmed`); `heldBy` names the window or
    /// silence that covers the check, whose change is then kept aside and journaled as held.
    func confirmed(_ change: ConfirmedChange, at now: Date, heldBy: String? = nil) {
        if let heldBy {
            held[change.check] = change
            if change.status != .healthy {
                sink.write(JournalEvent(kind: nil, priority: .notice,
                                        message: "\(change.check) is \(change.status.rawValue): no incident while \(heldBy) covers it",
                                        fields: [JournalEvent.Field("CHECK", change.check), JournalEvent.Field("STATUS", change.status.rawValue),
                                                 JournalEvent.Field("MAINTENANCE", heldBy)]))
            }
            return
        }
        held[change.check] = nil
        handle(book.checkConfirmed(check: change.check, status: change.status, severity: change.severity, policy: change.incident,
                                   suppressedBy: change.suppressedBy, flapping: change.flapping, reason: change.reason, at: now))
    }

    /// After a restart inside a window or silence: a covered check already confirmed failing, in no
    /// unresolved incident, is kept aside again, so it still opens its incident when the cover ends.
    func keepAside(_ change: ConfirmedChange) {
        guard held[change.check] == nil, !book.unresolved.contains(where: { $0.checkNames.contains(change.check) }) else { return }
        held[change.check] = change
    }

    /// Maintenance no longer covers the checks outside `stillHeld`: their changes kept aside reach
    /// the book now, in name order.
    func release(keeping stillHeld: Set<String>, at now: Date) {
        for check in held.keys.sorted() where !stillHeld.contains(check) {
            guard let change = held.removeValue(forKey: check) else { continue }
            confirmed(change, at: now)
        }
    }

    /// A check's flapping episode ended (`EngineOutput.flappingEnded`): its incident may resolve now.
    func flappingEnded(check: String, at now: Date) {
        handle(book.flappingEnded(check: check, at: now))
    }

    /// A remediation decision about `check` (`remediation-*` journal entries): its incident's timeline
    /// says so, for the responder and the review. Skips and step starts are left out; they are many
    /// and say nothing a step's end does not.
    func remediationDecided(_ event: JournalEvent, at now: Date) {
        guard let kind = event.kind, Self.remediationKinds.contains(kind), let check = event.value(of: "CHECK") else { return }
        handle(book.remediationDecided(check: check, plan: event.value(of: "PLAN"), decision: event.value(of: "DECISION"),
                                       text: event.message, at: now))
    }

    static let remediationKinds: Set<EventKind> = [
        .remediationTriggered, .remediationStepFinished, .remediationVerified, .remediationVerificationFailed,
        .remediationAttemptFailed, .remediationBudgetSpent, .remediationResumed,
    ]

    /// The outbox gave up on a delivery: its incident's timeline says so and the next level may be called.
    func deliveryGaveUp(_ delivery: NotificationDelivery, reason: String, at now: Date) {
        handle(book.notificationGaveUp(id: delivery.incident.id, notifier: delivery.notifier, role: delivery.role,
                                       event: delivery.event, reason: reason, at: now))
    }

    /// `vigil ack ID`: the book acknowledges it (escalation stops) and keeps it on disk. An id the
    /// book does not know, or an incident already resolved, is journaled, since the command only
    /// sees that status.json never shows it acknowledged.
    func acknowledge(_ request: AckRequests.Request, at now: Date) {
        let fields = [JournalEvent.Field("INCIDENT_ID", request.id.description), JournalEvent.Field("ACKNOWLEDGED_BY", request.by)]
        guard let incident = book.incident(request.id) else {
            sink.write(JournalEvent(kind: nil, priority: .warning,
                                    message: "\(request.by) asked to acknowledge incident \(request.id), which this daemon does not know",
                                    fields: fields))
            return
        }
        if incident.status == .resolved {
            sink.write(JournalEvent(kind: nil, priority: .notice,
                                    message: "\(request.by) asked to acknowledge incident \(request.id), which was resolved at "
                                        + "\(WallClock.text(incident.resolvedAt ?? now)); nothing to stop",
                                    fields: fields))
        }
        handle(book.acknowledged(id: request.id, by: request.by, note: request.note, at: now))
    }

    /// The daemon stops: no more deadlines. Everything is already on disk.
    func stop() {
        stopped = true
        deadlineTimer.arm(at: nil)
        alertRefreshTimer?.cancel()
        alertRefreshTimer = nil
    }

    private func handle(_ outputs: [IncidentOutput]) {
        guard !outputs.isEmpty else { return arm() }
        if book.lastIssued != savedIssued, let issued = book.lastIssued {
            persist("the latest incident id") { try files.saveIssued(issued) }
            savedIssued = issued
        }
        // Deliveries reach the outbox before the incident that asked for them is saved.
        let deliveries = outputs.compactMap(\.notification).flatMap { notification in
            NotificationRouting.deliveries(for: notification, settings: book.settings,
                                           currentActions: currentActions(notification.incident), at: Date())
        }
        let journaled = deliveries.filter { book.settings.notifiers[$0.notifier]?.kind == .journal }
        let queued = deliveries.filter { book.settings.notifiers[$0.notifier]?.kind != .journal }
        if !queued.isEmpty { deliver(queued) }
        for output in outputs {
            switch output {
            case .journal(let event): sink.write(event)
            case .notify: break
            case .changed(let id):
                if let incident = book.incident(id) {
                    persist("incident \(id)") { try files.save(incident) }
                } else {
                    persist("the removal of incident \(id)") { try files.delete(id) }
                }
            }
        }
        for delivery in journaled { sink.write(.notificationJournaled(delivery)) }
        arm()
        onChanged()
    }

    private func persist(_ what: String, _ write: () throws -> Void) {
        do {
            try write()
            writeFailure = nil
        } catch {
            let reason = "\(error)"
            if writeFailure != reason {
                writeFailure = reason
                sink.write(.daemonError("cannot save \(what)", reason: reason))
            }
        }
    }

    /// One timer at the book's next deadline.
    private func arm() {
        deadlineTimer.arm(at: stopped ? nil : book.nextDeadline)
    }
}
