import FoundationEssentials
import VigilCore

/// `vigil status` for a terminal: who wrote the report and when, one row per check (what it shows,
/// whether that is confirmed, flapping, breaker, suppression, why), one row per plan (budget, next
/// attempt, stopped or running), and what runs now. Pure, so it is tested on hand-built documents.
public enum StatusText {
    /// The whole text; `now` is only used for how long ago things began.
    public static func render(_ document: StatusDocument, now: Date) -> String {
        var sections = [header(document, now: now), checksTable(document, now: now)]
        let plans = document.decisions.plans
        if !plans.isEmpty { sections.append(plansTable(plans, now: now)) }
        if plans.allSatisfy({ $0.running == nil }) { sections.append("nothing running") }
        if let backups = document.backups { sections.append(backupLine(backups, now: now)) }
        if let release = document.release { sections.append(releaseLine(release, now: now)) }
        if let coordination = document.coordination { sections.append(coordination.line) }
        if let metrics = document.metrics { sections.append(metrics.line) }
        if !document.incidents.isEmpty {
            sections.append(document.incidents.map { incidentLine($0, now: now) }.joined(separator: "\n"))
        }
        if let line = notificationsLine(document.notifications, now: now) { sections.append(line) }
        if !document.maintenance.isEmpty {
            sections.append(document.maintenance.map { $0.line(until: time($0.until, now: now)) }.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n")
    }

    /// `notifications: 2 waiting (1 being sent); oldest for pager since 10:03:00Z (4m): HTTP 503: busy`;
    /// nil when the outbox is empty.
    static func notificationsLine(_ summary: OutboxSummary, now: Date) -> String? {
        guard summary.pending > 0 else { return nil }
        var line = "notifications: \(summary.pending) waiting" + (summary.inFlight > 0 ? " (\(summary.inFlight) being sent)" : "")
        if let oldest = summary.oldestCreatedAt {
            line += "; oldest" + (summary.oldestNotifier.map { " for \($0)" } ?? "")
                + " since \(time(oldest, now: now)) (\(age(from: oldest, to: now)))"
            if let error = summary.oldestLastError { line += ": \(error)" }
        }
        return line
    }

    /// `incident INC-20270115-0001 P1 open since 10:03:00Z (12m): db is CRITICAL (checks db, level 1)`.
    static func incidentLine(_ incident: IncidentView, now: Date) -> String {
        "incident \(incident.id) \(incident.severity.rawValue) \(incident.status.rawValue) since \(time(incident.openedAt, now: now))"
            + " (\(age(from: incident.openedAt, to: now))): \(incident.title)"
            + " (checks \(incident.checks.joined(separator: ", ")), level \(incident.escalationLevel))"
    }

    /// `backups daily at 02:30 into /backups: next at 02:30:00Z (in 3h5m)`, or the one running.
    static func backupLine(_ backups: BackupScheduleView, now: Date) -> String {
        let state = if let since = backups.runningSince {
            "running since \(time(since, now: now)) (\(age(from: since, to: now)))"
        } else if let due = backups.nextDue {
            "next at \(time(due, now: now)) (" + (due > now ? "in \(age(from: now, to: due))" : "due now") + ")"
        } else {
            "no backup armed"
        }
        return "backups \(backups.schedule) into \(backups.destination): \(state)"
    }

    /// `release 2.4.1 since 10:03:00Z (12m), good at 10:13:00Z (in 2m); last known good 2.4.0 since …`.
    static func releaseLine(_ release: ReleaseView, now: Date) -> String {
        var line = "release " + (release.running ?? "not read yet")
        if let since = release.runningSince { line += " since \(time(since, now: now)) (\(age(from: since, to: now)))" }
        if release.running != nil, release.running == release.lastKnownGood {
            line += ", the last known good"
        } else {
            if let goodAt = release.goodAt { line += ", good at \(time(goodAt, now: now))" + (goodAt > now ? " (in \(age(from: now, to: goodAt)))" : "") }
            else if release.running != nil { line += ", not counting toward good while a check is CRITICAL" }
            line += "; last known good " + (release.lastKnownGood ?? "none yet")
            if let since = release.lastKnownGoodSince { line += " since \(time(since, now: now))" }
        }
        if let error = release.readError { line += "\n  the version cannot be read: \(error)" }
        if let rollback = release.rollback { line += rollbackLines(rollback, now: now) }
        return line
    }

    /// The rollback running, or the hold a failed one left with the command that lifts it.
    static func rollbackLines(_ rollback: RollbackView, now: Date) -> String {
        var text = ""
        if let running = rollback.running {
            text += "\n  rolling \(running.release) back to \(running.restoring): "
            if let step = running.step {
                text += "step \(step)/\(running.steps) \(running.summary ?? "")"
            } else if let until = running.verifyingUntil {
                text += "verifying until \(time(until, now: now))"
            }
        }
        if let last = rollback.last, rollback.running == nil {
            text += "\n  last rollback: \(last.release) back to \(last.restoring) at \(time(last.startedAt, now: now))"
                + (last.success ? ", verified" + (last.rollbackTimeMs.map { " (\($0) ms)" } ?? "") : ", failed at \(last.error ?? "?")")
        }
        if let held = rollback.held {
            text += "\n  HELD since \(time(held.since, now: now)): the rollback of \(held.release) to \(held.restoring) failed at "
                + "\(held.failedAt): \(held.error)\n  no plan and no rollback runs until `\(held.resumeCommand)`"
        }
        if rollback.mode == RemediationRun.Mode.dryRun.rawValue { text += "\n  rollback in dry-run: it is journaled, not done" }
        return text
    }

    static func header(_ document: StatusDocument, now: Date) -> String {
        let report = document.report
        var lines: [String] = []
        if let daemon = document.daemon {
            lines.append("vigil \(daemon.version), pid \(daemon.pid), up since \(WallClock.text(daemon.startedAt))"
                + " (\(age(from: daemon.startedAt, to: now)))")
        } else {
            lines.append("vigil: the status file does not name the daemon that wrote it")
        }
        lines.append("report of \(WallClock.text(report.timestamp)) (\(age(from: report.timestamp, to: now)) ago)"
            + ": \(report.statusLine)")
        return lines.joined(separator: "\n")
    }

    /// Checks in the report's order, then any the engine knows that the report does not list.
    static func checksTable(_ document: StatusDocument, now: Date) -> String {
        let decisions = Dictionary(document.decisions.checks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let results = Dictionary(document.report.checks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = document.report.checks.map(\.name)
            + document.decisions.checks.map(\.name).filter { results[$0] == nil }
        guard !names.isEmpty else { return "no checks" }
        let rows = names.map { name in row(result: results[name], decision: decisions[name], name: name, now: now) }
        return TextTable(header: ["CHECK", "STATUS", "STATE", "SINCE", "FLAPPING", "BREAKER", "SUPPRESSED BY", "REASON"],
                         rows: rows).text
    }

    private static func row(result: CheckResult?, decision: DecisionSnapshot.CheckView?, name: String, now: Date) -> [String] {
        let reason = result?.message ?? "-"
        guard let decision else {
            return [name, (result?.status ?? .unknown).rawValue, "-", "-", "-", "-", "-", reason]
        }
        let isSoft = decision.stateType == "SOFT"
        let shown = isSoft ? (decision.soft ?? decision.confirmed) : decision.confirmed
        let state = isSoft ? "SOFT (confirmed \(decision.confirmed.rawValue))" : decision.stateType
        let flapping = (decision.flapping ? "yes " : "no ") + percent(decision.flapPercent)
        let breaker = decision.breaker.map { breaker in
            breaker.state.rawValue + (breaker.openSince.map { " since " + time($0, now: now) } ?? "")
        }
        return [name, shown.rawValue, state, decision.since.map { time($0, now: now) } ?? "-", flapping,
                breaker ?? "-", decision.suppressedBy ?? "-", reason]
    }

    /// One row per plan and target; what runs is in the STATE column.
    static func plansTable(_ plans: [DecisionSnapshot.PlanView], now: Date) -> String {
        let rows = plans.map { plan -> [String] in
            let state: String
            let next: String
            if let stopped = plan.stoppedSince {
                state = "STOPPED since \(time(stopped, now: now)) (vigil resume \(plan.plan))"
                next = "-"
            } else if let run = plan.running {
                state = "running: \(run.check) attempt \(run.attempt) since \(time(run.startedAt, now: now)), \(run.phase)"
                next = plan.nextAllowedAt.map { time($0, now: now) } ?? "-"
            } else {
                state = "armed"
                // A backoff that has passed allows an attempt now.
                next = plan.nextAllowedAt.flatMap { $0 > now ? time($0, now: now) : nil } ?? "now"
            }
            return [plan.plan, plan.target, plan.mode.rawValue, "\(plan.budgetLeft)/\(plan.maxAttempts)", next, state]
        }
        return TextTable(header: ["PLAN", "TARGET", "MODE", "BUDGET", "NEXT ATTEMPT", "STATE"], rows: rows).text
    }

    /// `10:03:00Z` on the day of `now` (UTC), else the whole date and time.
    static func time(_ date: Date, now: Date) -> String {
        let full = WallClock.text(date)
        return full.prefix(10) == WallClock.text(now).prefix(10) ? String(full.dropFirst(11)) : full
    }

    /// `42.5%`, `0%`.
    static func percent(_ value: Double) -> String {
        NumberText.format((value * 10).rounded() / 10) + "%"
    }

    /// The span from `start` to `end` in at most two units: `45s`, `12m30s`, `3h5m`, `2d4h`.
    static func age(from start: Date, to end: Date) -> String {
        let seconds = max(0, Int(end.timeIntervalSince(start).rounded(.down)))
        let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60)
        if days > 0 { return hours > 0 ? "\(days)d\(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h\(minutes)m" : "\(hours)h" }
        if minutes > 0 { return seconds % 60 > 0 ? "\(minutes)m\(seconds % 60)s" : "\(minutes)m" }
        return "\(seconds)s"
    }
}

/// Left-aligned columns two spaces apart; the last column is not padded.
struct TextTable {
    let header: [String]
    let rows: [[String]]

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { cells in
            var line = cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
            // An empty last cell would leave the padding of the one before it.
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
