import FoundationEssentials

/// An incident's stable name, `INC-20270115-0001`: the UTC day it opened and a per-day counter
/// from 0001, so `journalctl INCIDENT_ID=…` and an operator's ticket can name it unambiguously.
public struct IncidentID: Hashable, Comparable, Sendable, Codable, LosslessStringConvertible {
    /// The UTC day of opening, `YYYYMMDD`.
    public let day: String
    /// The counter within `day`, from 1; more than four digits once a day passes 9999.
    public let number: Int

    /// The `number`th incident of the UTC day `date` falls on.
    public init(openedOn date: Date, number: Int) {
        self.day = String(CompactUTC.stamp(date).prefix(8))
        self.number = number
    }

    /// Parses `INC-YYYYMMDD-NNNN` (at least four digits, a real calendar day, a counter from 1).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "INC", parts[1].count == 8, parts[2].count >= 4, parts[2].count <= 9,
              parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
              CompactUTC.date(parts[1] + "T000000Z") != nil,
              let number = Int(parts[2]), number >= 1, Self.counterText(number) == parts[2] else { return nil }
        self.day = String(parts[1])
        self.number = number
    }

    public var description: String { "INC-\(day)-\(Self.counterText(number))" }

    private static func counterText(_ number: Int) -> String { NumberText.zeroPadded(number, width: 4) }

    public static func < (lhs: IncidentID, rhs: IncidentID) -> Bool {
        (lhs.day, lhs.number) < (rhs.day, rhs.number)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = IncidentID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an incident id (INC-YYYYMMDD-NNNN): \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
