import Foundation
import Testing
import VigilCore

/// Ids stay unique on the host: a counter per UTC day, across days, reloads and forgotten incidents.
@Suite struct IncidentBookPersistenceTests {
    static let lateOnDay1 = 16 * 3600 - 60.0  // 2027-01-15T23:59:00Z
    static let earlyOnDay2 = 16 * 3600 + 60.0  // 2027-01-16T00:01:00Z

    static func reloaded(_ book: IncidentBook, settings: IncidentSettings = IncidentSettings()) throws -> IncidentBook {
        var decoded = try JSONDecoder().decode(IncidentBook.self, from: JSONEncoder().encode(book))
        decoded.settings = settings
        return decoded
    }

    @Test func theCounterRunsPerUTCDayAndSurvivesAReload() throws {
        var book = IncidentBook()
        _ = book.critical("database", at: 0)
        _ = book.critical("api", .p1, at: Self.lateOnDay1)
        _ = book.critical("cache", .p2, at: Self.earlyOnDay2)
        #expect(book.incidents.map(\.id.description) == ["INC-20270115-0001", "INC-20270115-0002", "INC-20270116-0001"])

        var reloaded = try Self.reloaded(book)
        #expect(reloaded == book)
        _ = reloaded.critical("disk", .p3, at: Self.earlyOnDay2 + 60)
        #expect(reloaded.incidents.last?.id.description == "INC-20270116-0002")
    }

    @Test func aForgottenIncidentsNumberIsNotHandedOutAgain() throws {
        let settings = IncidentSettings(keepResolved: .seconds(3600))
        var book = IncidentBook(settings: settings)
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.healthy("database", at: 100)
        #expect(book.nextDeadline == Clock.at(3700))
        #expect(book.timePassed(at: Clock.at(3699)).isEmpty)
        let pruned = book.timePassed(at: Clock.at(3700))
        #expect(pruned == [.changed(id)])
        #expect(book.incident(id) == nil)

        var reloaded = try Self.reloaded(book, settings: settings)
        _ = reloaded.critical("database", at: 4000)
        #expect(reloaded.incidents.map(\.id.description) == ["INC-20270115-0002"])
    }

    @Test func resolvedIncidentsAreKept400DaysByDefault() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.healthy("database", at: 100)
        #expect(book.timePassed(at: Clock.at(100 + 400 * 86_400 - 1)).isEmpty)
        #expect(book.timePassed(at: Clock.at(100 + 400 * 86_400)) == [.changed(id)])
    }

    @Test func anOpenIncidentKeepsEscalatingAfterAReload() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.timePassed(at: Clock.at(300))
        var reloaded = try Self.reloaded(book)
        #expect(reloaded.nextDeadline == Clock.at(600))
        #expect(reloaded.timePassed(at: Clock.at(600)).escalatedRoles == ["engineering-manager"])
        #expect(reloaded.incident(id)?.timeline.count == book.incident(id).map { $0.timeline.count + 2 })
    }
}
