/// Why a unit could not be restarted, or why its restart could not be seen to finish: no system
/// bus, systemd's own refusal (no such unit), a deadline.
public struct UnitRestartError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
