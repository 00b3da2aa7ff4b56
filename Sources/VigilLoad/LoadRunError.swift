/// Why a load run could not be made at all (as opposed to a run whose requests failed).
public struct LoadRunError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
