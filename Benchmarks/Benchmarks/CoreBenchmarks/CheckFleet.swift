import Foundation
import VigilCore

/// A set of memory and disk checks with thresholds, and what their probes saw, as the daemon
/// holds them at steady state: every check healthy, no status changing between cycles.
struct CheckFleet {
    let checks: [CheckDefinition]
    let outcomes: [ProbeOutcome]

    init(count: Int) {
        var checks: [CheckDefinition] = []
        var outcomes: [ProbeOutcome] = []
        for index in 0..<count {
            if index.isMultiple(of: 2) {
                checks.append(CheckDefinition(
                    name: "memory_\(index)", kind: .memory, interval: .seconds(1), timeout: .seconds(1),
                    thresholds: [MetricThreshold(metric: "available_percent", direction: .lowerIsWorse,
                                                 warning: 15, critical: 5)]))
                outcomes.append(.observed(Observation(
                    message: "72.4% of 23.4 GiB available", metrics: ["available_percent": 72.4])))
            } else {
                checks.append(CheckDefinition(
                    name: "disk_\(index)", kind: .disk(path: "/"), interval: .seconds(1), timeout: .seconds(1),
                    thresholds: [
                        MetricThreshold(metric: "free_percent", direction: .lowerIsWorse, warning: 20, critical: 10),
                        MetricThreshold(metric: "inodes_free_percent", direction: .lowerIsWorse, warning: 20, critical: 10),
                    ]))
                outcomes.append(.observed(Observation(
                    message: "31.2% of 252 GiB free", metrics: ["free_percent": 31.2, "inodes_free_percent": 88.9])))
            }
        }
        self.checks = checks
        self.outcomes = outcomes
    }
}
