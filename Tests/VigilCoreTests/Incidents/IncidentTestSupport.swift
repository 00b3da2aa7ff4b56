import Foundation
import VigilCore

/// The manual clock and the readers the incident tests share.
enum Clock {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }
}

extension Array where Element == IncidentOutput {
    /// The notifications, as `event recipient` (`escalated role:tech-lead`).
    var notified: [String] {
        compactMap(\.notification).map { notification in
            switch notification.recipient {
            case let .role(name): "\(notification.event.rawValue) role:\(name)"
            case let .notifier(name): "\(notification.event.rawValue) notifier:\(name)"
            }
        }
    }

    /// The roles notified of an escalation, in order.
    var escalatedRoles: [String] {
        compactMap(\.notification).filter { $0.event == .escalated }.map(\.recipient.name)
    }

    var journalKinds: [EventKind] { compactMap(\.event).compactMap(\.kind) }

    var changedIDs: [IncidentID] {
        compactMap { if case let .changed(id) = $0 { id } else { nil } }
    }
}

extension IncidentBook {
    /// A confirmed CRITICAL of `check` at `second`.
    mutating func critical(_ check: String, _ severity: Severity = .p0, suppressedBy: String? = nil, flapping: Bool = false,
                           at second: Double) -> [IncidentOutput] {
        checkConfirmed(check: check, status: .critical, severity: severity, suppressedBy: suppressedBy, flapping: flapping,
                       reason: "connection refused", at: Clock.at(second))
    }

    mutating func healthy(_ check: String, _ severity: Severity = .p0, flapping: Bool = false, at second: Double) -> [IncidentOutput] {
        checkConfirmed(check: check, status: .healthy, severity: severity, flapping: flapping, at: Clock.at(second))
    }
}
