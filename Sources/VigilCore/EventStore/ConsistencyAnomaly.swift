/// One anomaly in an event store, as the seed's EventStoreConsistencyChecker names it (plus the
/// kinds it could not see): what is wrong with which aggregate, in the seed's words.
public struct ConsistencyAnomaly: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        /// Versions v and w follow each other with w > v + 1.
        case versionGap = "VERSION_GAP"
        /// Two events of one aggregate share a version.
        case duplicateVersion = "DUPLICATE_VERSION"
        /// The aggregate's lowest version is not `first_version`.
        case firstVersion = "FIRST_VERSION"
        /// A later version carries an earlier timestamp.
        case timestampDisorder = "TIMESTAMP_DISORDER"
        /// The aggregate, version or timestamp column is NULL.
        case nullField = "NULL_FIELD"

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    /// The aggregate's id as text; empty for a NULL aggregate.
    public var aggregateID: String
    /// The event the anomaly was found at (the later one for a disorder), when the store has ids.
    public var eventID: String?
    public var details: String

    public init(kind: Kind, aggregateID: String, eventID: String? = nil, details: String) {
        self.kind = kind
        self.aggregateID = aggregateID
        self.eventID = eventID
        self.details = details
    }

    private enum CodingKeys: String, CodingKey {
        case kind = "type", aggregateID = "aggregateId", eventID = "eventId", details
    }

    /// The seed's wording for a gap: `Gap between version 3 and 5`.
    public static func gap(aggregate: String, from version: Int64, to next: Int64, eventID: String? = nil) -> ConsistencyAnomaly {
        ConsistencyAnomaly(kind: .versionGap, aggregateID: aggregate, eventID: eventID,
                           details: "Gap between version \(version) and \(next)")
    }

    /// `Version 4 appears 2 times`.
    public static func duplicate(aggregate: String, version: Int64, count: Int, eventID: String? = nil) -> ConsistencyAnomaly {
        ConsistencyAnomaly(kind: .duplicateVersion, aggregateID: aggregate, eventID: eventID,
                           details: "Version \(version) appears \(count) times")
    }

    /// `First version is 2, expected 1`.
    public static func firstVersion(aggregate: String, found: Int64, expected: Int64, eventID: String? = nil) -> ConsistencyAnomaly {
        ConsistencyAnomaly(kind: .firstVersion, aggregateID: aggregate, eventID: eventID,
                           details: "First version is \(found), expected \(expected)")
    }

    /// The seed's wording: `Event B has earlier timestamp than A`.
    public static func disorder(aggregate: String, event later: String, before earlier: String) -> ConsistencyAnomaly {
        ConsistencyAnomaly(kind: .timestampDisorder, aggregateID: aggregate, eventID: later,
                           details: "Event \(later) has earlier timestamp than \(earlier)")
    }

    /// `version is NULL` (the column that is).
    public static func nullField(aggregate: String, column: String, eventID: String? = nil) -> ConsistencyAnomaly {
        ConsistencyAnomaly(kind: .nullField, aggregateID: aggregate, eventID: eventID, details: "\(column) is NULL")
    }
}
