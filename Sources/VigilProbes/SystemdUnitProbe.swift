import VigilCore
import VigilSystemd

/// `systemd_unit`: is a unit running? Its `ActiveState`, read over the system bus, judged by
/// `UnitActiveState`.
///
/// A bus that cannot be asked is `UNKNOWN` with the reason, not `CRITICAL`: Vigil could not
/// judge the unit, which says nothing about the unit itself.
public struct SystemdUnitProbe: Probe {
    public let unit: String
    public let reader: UnitStateReader

    public init(unit: String, reader: UnitStateReader = UnitStateReader()) {
        self.unit = unit
        self.reader = reader
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else {
            return Observation(status: .unknown, message: "\(unit): the deadline passed before the system bus was asked")
        }
        // The bus calls give up a little before the deadline, so the probe answers for itself.
        let budget = left - min(left / 10, .milliseconds(250))
        let unit = unit
        let reader = reader
        return try await BlockingIO.run {
            let state: Result<String, UnitStateError>
            do throws(UnitStateError) {
                state = .success(try reader.activeState(of: unit, timeout: budget))
            } catch {
                state = .failure(error)
            }
            return Self.observation(of: unit, state)
        }
    }

    /// What the probe reports for a state read (or a failure to read it).
    public static func observation(of unit: String, _ state: Result<String, UnitStateError>) -> Observation {
        switch state {
        case .success(let activeState):
            let status = UnitActiveState.status(of: activeState)
            let note = status == .unknown ? " (a state Vigil does not judge)" : ""
            return Observation(status: status, message: "\(unit) is \(activeState)\(note)")
        case .failure(let error):
            return Observation(status: .unknown, message: "cannot read the state of \(unit): \(error)")
        }
    }
}
