import FoundationEssentials

/// Runs a replay through the daemon's own `DecisionEngine` on a virtual clock, so that
/// thresholds, budgets and backoffs can be tried before they are deployed.
///
/// Before each recorded result the engine is asked whether the probe may touch its target; when
/// it answers for the check (a dependency is CRITICAL, a circuit is open) that answer is shown
/// and the recorded result is dropped, as the daemon would never have run the probe. Steps are
/// executed virtually, each taking `stepDuration`; grace ends and verification deadlines that
/// fall between records run out on their own. The clock stops at the last record: add a line
/// with only `at` to let time run on.
public struct Simulation: Sendable {
    /// How every virtual step ends.
    public enum StepBehaviour: String, Sendable, CaseIterable {
        /// Exit status `0`.
        case succeed
        /// Exit status `1`.
        case fail
    }

    /// The virtual clock's zero, 2030-01-01T00:00:00Z: a fixed date keeps the output reproducible.
    public static let start = Date(timeIntervalSince1970: 1_893_456_000)
    public static let stepDuration: Duration = .seconds(1)

    public private(set) var engine: DecisionEngine
    public let steps: StepBehaviour
    private var counted = SimulationSummary()
    private var pendingSteps: [(finishesAt: Date, request: StepRequest)] = []

    public init(configuration: VigilConfiguration, steps: StepBehaviour = .succeed) {
        engine = DecisionEngine(configuration: configuration)
        self.steps = steps
    }

    /// Runs a whole replay: every entry, and the summary with what was still running at the end.
    public static func run(_ records: [ReplayRecord], configuration: VigilConfiguration,
                           steps: StepBehaviour = .succeed) -> (entries: [SimulationEntry], summary: SimulationSummary) {
        var simulation = Simulation(configuration: configuration, steps: steps)
        let entries = records.flatMap { simulation.feed($0) }
        return (entries, simulation.summary)
    }

    /// What the decisions so far add up to, counting the attempts that have not ended yet.
    public var summary: SimulationSummary {
        var summary = counted
        summary.unfinished = engine.state.running.count
        return summary
    }

    /// Moves the clock to the record (finishing steps and passing deadlines on the way), then
    /// applies it. Records must come in time order, as `ReplayParser` guarantees.
    public mutating func feed(_ record: ReplayRecord) -> [SimulationEntry] {
        let date = WallClock.date(Self.start, plus: record.offset)
        var entries = advance(to: date)
        switch record.event {
        case .clock:
            break
        case .resume(let plan):
            entries += handle(engine.resume(plan: plan, at: date), at: date)
        case let .result(check, status, message, metrics, durationMs):
            let (verdict, outputs) = engine.callRequested(check, at: date)
            if case .answered(let answer) = verdict {
                entries.append(entry(.init(kind: nil, priority: .info,
                                           message: "\(check) answered \(answer.status.rawValue) without calling its target: "
                                               + "\(answer.message) (the recorded \(status.rawValue) is not used)",
                                           fields: [.init("CHECK", check), .init("STATUS", answer.status.rawValue),
                                                    .init("RECORDED_STATUS", status.rawValue), .init("DECISION", "answered"),
                                                    .init("REASON", answer.message)]), at: date))
                entries += handle(outputs, at: date)
            } else {
                entries += handle(outputs, at: date)
                let kind = engine.configuration.checks.first { $0.name == check }?.kind.name ?? "unknown"
                let result = CheckResult(name: check, kind: kind, status: status, message: message, durationMs: durationMs,
                                         metrics: metrics, timestamp: date)
                entries += handle(engine.resultArrived(result, at: date), at: date)
            }
        }
        return entries
    }

    /// Finishes virtual steps and passes engine deadlines up to `target`, earliest first; a step
    /// finishing at the same moment as a deadline goes first.
    private mutating func advance(to target: Date) -> [SimulationEntry] {
        var entries: [SimulationEntry] = []
        while true {
            let step = pendingSteps.indices.min { pendingSteps[$0].finishesAt < pendingSteps[$1].finishesAt }
            let deadline = engine.nextDeadline
            if let step, pendingSteps[step].finishesAt <= target,
               deadline.map({ pendingSteps[step].finishesAt <= $0 }) ?? true {
                let (date, request) = pendingSteps.remove(at: step)
                let outcome = steps == .succeed
                    ? RemediationStepOutcome(succeeded: true, exitStatus: "0", duration: Self.stepDuration)
                    : RemediationStepOutcome(succeeded: false, exitStatus: "1", duration: Self.stepDuration)
                entries += handle(engine.stepFinished(slot: request.slot, index: request.index, outcome: outcome, at: date), at: date)
            } else if let deadline, deadline <= target {
                entries += handle(engine.timePassed(at: deadline), at: deadline)
                // A deadline that passing it does not clear would loop forever.
                if engine.nextDeadline == deadline { break }
            } else {
                break
            }
        }
        return entries
    }

    /// Journal entries become lines; steps to execute are scheduled to finish a step later.
    private mutating func handle(_ outputs: [EngineOutput], at date: Date) -> [SimulationEntry] {
        outputs.compactMap { output in
            switch output {
            case .journal(let event):
                counted.count(event)
                return entry(event, at: date)
            case .executeStep(let request):
                pendingSteps.append((WallClock.date(date, plus: Self.stepDuration), request))
                return nil
            case .confirmed, .flappingEnded:
                // Incidents are the daemon's: a simulation shows the decisions' journal entries only.
                return nil
            }
        }
    }

    private func entry(_ event: JournalEvent, at date: Date) -> SimulationEntry {
        let offset = Duration.milliseconds(Int64((date.timeIntervalSince(Self.start) * 1000).rounded()))
        return SimulationEntry(offset: offset, date: date, event: event)
    }
}
