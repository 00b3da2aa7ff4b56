import Foundation
import Testing
import VigilCore

/// The seed's "Incident Notification Template", filled from an incident.
@Suite struct NotificationTemplateTests {
    static func incident() throws -> (IncidentBook, Incident) {
        var book = IncidentBook()
        _ = book.critical("database", at: 0)
        _ = book.critical("api", .p1, suppressedBy: "database", at: 10)
        return (book, try #require(book.incidents.first))
    }

    @Test func theSeedTemplateReadsP0NeverPP0() throws {
        let (book, incident) = try Self.incident()
        let values = NotificationTemplate.Values(incident: incident, nextUpdate: book.nextUpdate(of: incident),
                                                 currentActions: "plan restart-primary running (attempt 1 of 3)",
                                                 statusPageURL: "https://status.example.com")
        let (subject, body) = NotificationTemplate().render(values)
        #expect(subject == "[INCIDENT] P0 - database is CRITICAL")
        #expect(body == """
            Incident: INC-20270115-0001
            Severity: P0
            Status: open
            Start Time: 2027-01-15T08:00:00Z
            Affected Services: database, api

            Description:
            database: CRITICAL - connection refused
            api: CRITICAL - connection refused

            Current Actions:
            plan restart-primary running (attempt 1 of 3)

            Next Update: 2027-01-15T08:30:00Z

            Incident Commander: not assigned yet
            Status Page: https://status.example.com

            """)
        #expect(!subject.contains("PP") && !body.contains("PP"))
    }

    @Test(arguments: [
        ("{severity}", "P1"), ("P{severity}", "P1"), ("[{severity}]", "[P1]"),
        ("{incident_id} {status}", "INC-20270115-0001 acknowledged"), ("{commander}", "alice"),
        ("{current_actions} {status_page_url}", "none none"),
        (#"{"id": "{incident_id}"}"#, #"{"id": "INC-20270115-0001"}"#), ("{ nope } {unknown}", "{ nope } {unknown}"),
    ])
    func fillsEveryPlaceholderAndLeavesOtherBracesAlone(template: String, expected: String) throws {
        var book = IncidentBook()
        let id = try #require(book.critical("api", .p1, at: 0).changedIDs.first)
        _ = book.acknowledged(id: id, by: "alice", at: Clock.at(60))
        let incident = try #require(book.incident(id))
        let rendered = NotificationTemplate(subject: template, body: template).render(.init(incident: incident, nextUpdate: nil))
        #expect(rendered.subject == expected)
        #expect(rendered.body == expected)
    }

    @Test func theSeedTemplateHasNoUnknownPlaceholder() {
        #expect(NotificationTemplate().unknownPlaceholders().isEmpty)
    }

    @Test func unknownPlaceholdersAreNamedWithTheirLine() {
        let template = NotificationTemplate(subject: "[INCIDENT] {severty} - {incident_title}",
                                            body: "Incident: {incident_id}\n{{ not one }}\nOwner: {owner} ({team})\n\n{Status}\n")
        #expect(template.unknownPlaceholders() == [
            .init(name: "severty", line: 1, part: .subject),
            .init(name: "owner", line: 3, part: .body),
            .init(name: "team", line: 3, part: .body),
            .init(name: "Status", line: 5, part: .body),
        ])
        let found = NotificationTemplate.unknownPlaceholders(in: "a\nb {x}\n\n\nc {y}")
        #expect(found.map(\.name) == ["x", "y"])
        #expect(found.map(\.line) == [2, 5])
    }
}
