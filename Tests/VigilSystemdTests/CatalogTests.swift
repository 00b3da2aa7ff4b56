import Foundation
import Testing
import VigilCore
import VigilSystemd
import VigilTestSupport

/// `systemd/vigil.catalog`: one explanation per event kind, accepted by journalctl, shown by `-x`.
@Suite struct CatalogTests {
    private let catalog = RepositoryPaths.file("systemd/vigil.catalog")

    /// The catalog's entries: MESSAGE_ID → the lines under its `-- ID` header.
    private func entries() throws -> [(id: String, lines: [Substring])] {
        let text = try String(contentsOf: catalog, encoding: .utf8)
        var entries: [(id: String, lines: [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- ") {
                entries.append((String(line.dropFirst(3)), []))
            } else if !entries.isEmpty {
                entries[entries.count - 1].lines.append(line)
            }
        }
        return entries
    }

    @Test func everyEventKindHasExactlyOneEntryAndThereAreNoOthers() throws {
        let ids = try entries().map(\.id)
        for kind in EventKind.allCases {
            #expect(ids.filter { $0 == kind.messageID }.count == 1, "\(kind)")
        }
        #expect(Set(ids) == Set(EventKind.allCases.map(\.messageID)))
    }

    @Test func everyEntryHasSubjectDefinedBySupportAndABody() throws {
        for entry in try entries() {
            let headers = entry.lines.prefix { !$0.isEmpty }
            #expect(headers.contains { $0.hasPrefix("Subject: ") }, "\(entry.id)")
            #expect(headers.contains("Defined-By: vigil"), "\(entry.id)")
            #expect(headers.contains { $0.hasPrefix("Support: ") }, "\(entry.id)")
            #expect(entry.lines.dropFirst(headers.count).contains { !$0.isEmpty }, "\(entry.id)")
        }
    }

    /// journalctl compiles the catalog into a root of its own, without complaint.
    private func compiledRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-catalog-" + UUID().uuidString)
        let sources = root.appendingPathComponent("usr/lib/systemd/catalog")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: catalog, to: sources.appendingPathComponent("vigil.catalog"))
        let update = try ExternalTool.run("/usr/bin/journalctl", ["--root=\(root.path)", "--update-catalog"])
        #expect(update.status == 0)
        #expect(update.standardError.isEmpty, "\(update.standardError)")
        return root
    }

    @Test func journalctlAcceptsAndListsEveryEntry() throws {
        let root = try compiledRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let list = try ExternalTool.run("/usr/bin/journalctl", ["--root=\(root.path)", "--list-catalog"])
        #expect(list.status == 0)
        let listed = list.standardOutput.split(separator: "\n").map { String($0.prefix(32)) }
        #expect(Set(listed) == Set(EventKind.allCases.map(\.messageID)))
        #expect(list.standardOutput.split(separator: "\n").allSatisfy { $0.dropFirst(33).hasPrefix("vigil: ") })
    }

    /// Compiles the catalog where `journalctl -x` reads it.
    private func installCompiledCatalog() throws {
        try JournalReader.requirePrivateJournald()
        let root = try compiledRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        // journalctl -x reads this fixed path; scripts/with-journald made it private to the test run.
        let installed = URL(fileURLWithPath: "/var/lib/systemd/catalog/database")
        try? FileManager.default.removeItem(at: installed)
        try FileManager.default.copyItem(at: root.appendingPathComponent("var/lib/systemd/catalog/database"), to: installed)
    }

    @Test func journalctlExplainsAnEntryWithItsOwnFields() throws {
        try installCompiledCatalog()

        let check = "catalog-" + UUID().uuidString.lowercased()
        JournalWriter().write(JournalEvent(kind: .checkCritical, priority: .critical, message: "\(check) is CRITICAL", fields: [
            .init("CHECK", check), .init("CHECK_KIND", "postgres"), .init("SEVERITY", "P0"),
            .init("PREVIOUS_STATUS", "HEALTHY"), .init("REASON", "connection refused"),
        ]))
        let text = try JournalReader.text(matching: ["CHECK=\(check)"], options: ["-x", "-o", "short"])
        #expect(text.contains("Subject: Check \(check) is CRITICAL (severity P0)"), "\(text)")
        #expect(text.contains("The postgres check \"\(check)\" turned CRITICAL (it was HEALTHY):"))
        #expect(text.contains("connection refused"))
        #expect(text.contains("Database Corruption Response"))
        #expect(text.contains("P0 within 5 minutes"))
    }

    /// A spent budget is the entry an operator must act on: it names the plan and how to re-arm it.
    @Test func journalctlExplainsASpentBudgetWithTheRunbook() throws {
        try installCompiledCatalog()
        let plan = "catalog-" + UUID().uuidString.lowercased()
        JournalWriter().write(.remediationBudgetSpent(check: "database", plan: plan, target: "primary",
                                                      policy: RemediationBudget.Policy()))
        let text = try JournalReader.text(matching: ["PLAN=\(plan)"], options: ["-x", "-o", "short"])
        #expect(text.contains("Subject: Remediation plan \(plan) stopped acting on primary"), "\(text)")
        #expect(text.contains("3 attempts within 30m did not keep database healthy"))
        #expect(text.contains("vigil resume \(plan)"))
        #expect(text.contains("P0 within 5 minutes"))
    }

    /// An incident's entries explain themselves and are found by `INCIDENT_ID`.
    @Test func journalctlExplainsAnIncidentAndFindsItByItsID() throws {
        try installCompiledCatalog()
        let check = "catalog-" + UUID().uuidString.lowercased()
        var book = IncidentBook()
        let opened = book.checkConfirmed(check: check, status: .critical, severity: .p0, reason: "connection refused", at: Date())
        let incident = try #require(book.incidents.first)
        let writer = JournalWriter()
        for event in opened.compactMap(\.event) { writer.write(event) }
        let text = try JournalReader.text(matching: ["INCIDENT_ID=\(incident.id)", "CHECKS=\(check)"], options: ["-x", "-o", "short"])
        #expect(text.contains("Subject: Incident \(incident.id) opened (P0): \(check) is CRITICAL"), "\(text)")
        #expect(text.contains("journalctl -o verbose INCIDENT_ID=\(incident.id)"))
    }

    /// A notifier that gave up says which notification of which incident, and that the next level is told.
    @Test func journalctlExplainsANotifierThatGaveUp() throws {
        try installCompiledCatalog()
        let notifier = "catalog-" + UUID().uuidString.lowercased()
        let incident = Incident(id: IncidentID(openedOn: Date(), number: 3), title: "db is CRITICAL", severity: .p0, openedAt: Date(),
                                checks: [Incident.Check(name: "db", severity: .p0, status: .critical)])
        let delivery = NotificationDelivery(id: "\(incident.id):opened:on-call:\(notifier)", notifier: notifier, event: .opened,
                                            role: "on-call", incident: incident, subject: "[P0] db is CRITICAL", body: "",
                                            createdAt: Date())
        let entry = OutboxEntry(delivery: delivery, attempts: 8, nextAttemptAt: Date())
        JournalWriter().write(.notificationGaveUp(entry, reason: "HTTP 503 (8 attempts failed)"))
        let text = try JournalReader.text(matching: ["NOTIFIER=\(notifier)"], options: ["-x", "-o", "short"])
        #expect(text.contains("Subject: Notifier \(notifier) gave up on a notification of incident \(incident.id)"), "\(text)")
        #expect(text.contains("HTTP 503 (8 attempts failed)"), "\(text)")
        #expect(text.contains("the next level of its escalation path is notified"))
    }
}
