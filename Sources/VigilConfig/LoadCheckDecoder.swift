import VigilCore

/// A `load` check's keys: one request (`url`, `method`, `headers`, `body`), the run's shape
/// (`concurrency`, `duration` or `requests`, `rate`) and the ceilings it must stay under
/// (`max_concurrency`, `max_rate`, `max_duration`). A run above a ceiling is refused here, at
/// load, with the key to change: a scheduled check must never become a load on production.
enum LoadCheckDecoder {
    /// A check that names neither `duration` nor `requests` runs this long.
    static let defaultDuration: Duration = .seconds(5)
    /// Requests per second when the check names no rate: a check never runs a closed loop, which
    /// would send as fast as the service answers.
    static let defaultRate = 5.0

    static let ceilingKeys = ["max_concurrency", "max_rate", "max_duration"]

    static func decode(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> LoadCheckSettings? {
        let errorsBefore = diagnostics.count
        let scope = reader.scope
        let request = LoadRequestReader.request(&reader, &diagnostics)
        let shape = LoadRequestReader.shape(&reader, defaultDuration: defaultDuration, defaultRate: defaultRate, &diagnostics)
        let maxConcurrency = reader.integer("max_concurrency", in: 1...LoadRequestReader.maximumConcurrency, &diagnostics)
        let maxRate = reader.number("max_rate", above: 0, &diagnostics)
        let maxDuration = reader.duration("max_duration", &diagnostics)
        let ceilings = LoadCeilings(maxConcurrency: maxConcurrency ?? LoadCeilings.defaultMaxConcurrency,
                                    maxRate: maxRate ?? LoadCeilings.defaultMaxRate,
                                    maxDuration: maxDuration ?? LoadCeilings.defaultMaxDuration)
        let advice = "a scheduled load check must stay small; raise the ceiling only for a service sized for it"
        func given(_ text: String, default isDefault: Bool) -> String { isDefault ? "\(text), the default" : text }
        if let shape {
            if shape.concurrency > ceilings.maxConcurrency {
                diagnostics.report(scope, key: "concurrency",
                                   "must be at most max_concurrency (\(given(String(ceilings.maxConcurrency), default: maxConcurrency == nil))), got \(shape.concurrency): \(advice)")
            }
            if let rate = shape.rate, rate > ceilings.maxRate {
                diagnostics.report(scope, key: "rate",
                                   "must be at most max_rate (\(given("\(NumberText.format(ceilings.maxRate)) requests/s", default: maxRate == nil))), got \(NumberText.format(rate)): \(advice)")
            }
            let ceiling = given(DurationText.format(ceilings.maxDuration), default: maxDuration == nil)
            switch shape.bound {
            case .duration(let duration) where duration > ceilings.maxDuration:
                diagnostics.report(scope, key: "duration", "must be at most max_duration (\(ceiling)), got \(DurationText.format(duration)): \(advice)")
            case .requests(let count):
                let length = LoadScenario(concurrency: shape.concurrency, bound: shape.bound, rate: shape.rate, requests: []).plannedLength
                if let length, length > ceilings.maxDuration {
                    diagnostics.report(scope, key: "requests",
                                       "\(count) requests at \(NumberText.format(shape.rate ?? 0)) requests/s take \(DurationText.format(length)), above max_duration (\(ceiling)): \(advice)")
                }
            default:
                break
            }
        }
        guard diagnostics.count == errorsBefore, let request, let shape else { return nil }
        let scenario = LoadScenario(concurrency: shape.concurrency, bound: shape.bound, rate: shape.rate, requests: [request])
        return LoadCheckSettings(scenario: scenario, ceilings: ceilings)
    }

    /// The run must be over before the check's timeout, or every run would be cut off and count as a failure.
    static func reportRunPastTimeout(_ settings: LoadCheckSettings, timeout: Duration, timeoutGiven: Bool, _ scope: ErrorScope,
                                     _ diagnostics: inout Diagnostics) {
        guard let length = settings.scenario.plannedLength, length >= timeout else { return }
        if timeoutGiven {
            diagnostics.report(scope, key: "timeout",
                               "must be longer than the load run (\(DurationText.format(length))), got \(DurationText.format(timeout)): the run would be cut off")
        } else {
            diagnostics.report(scope, key: "timeout",
                               "missing: the load run takes \(DurationText.format(length)), not less than the default timeout (\(DurationText.format(timeout))); set timeout longer than the run")
        }
    }
}
