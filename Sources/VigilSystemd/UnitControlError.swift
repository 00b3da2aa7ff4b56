/// Why a unit could not be restarted, stopped or started, or why its job could not be seen to
/// finish: no system bus, systemd's or polkit's refusal (in the bus's own words: no such unit,
/// access denied), a stop or start job that did not end `done`, a deadline.
public struct UnitControlError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
