import VigilCore

/// `vigil samples` for a terminal: one row per `[[sample]]` with its last reading, the baseline's
/// mean, the window (oldest first) and what holds now. Pure, so it is tested on hand-built views.
public enum SamplesText {
    public static func render(_ samples: [SampleView]) -> String {
        guard !samples.isEmpty else { return "no [[sample]] is configured" }
        let rows = samples.map { sample in
            [sample.name, sample.kind, sample.lastError.map { "failed: \($0)" } ?? sample.lastMs.map(milliseconds) ?? resources(sample) ?? "-",
             sample.meanMs.map(milliseconds) ?? "-", sample.durationsMs.map { NumberText.format($0) }.joined(separator: " "), sample.state]
        }
        return TextTable(header: ["OPERATION", "KIND", "LAST", "MEAN", "WINDOW (MS, OLDEST FIRST)", "STATE"], rows: rows).text
    }

    /// A unit's or a process's last reading: `memory 150 MB, CPU 12%`.
    private static func resources(_ sample: SampleView) -> String? {
        guard let memory = sample.memoryBytes else { return nil }
        return "memory \(NumberText.format(memory / 1_000_000)) MB" + (sample.cpuPercent.map { ", CPU \(NumberText.format($0))%" } ?? "")
    }

    private static func milliseconds(_ value: Double) -> String { NumberText.format(value) + " ms" }
}
