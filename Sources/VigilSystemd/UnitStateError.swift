/// Why a unit's state could not be read: no system bus, no service manager on it, a timeout.
public struct UnitStateError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
