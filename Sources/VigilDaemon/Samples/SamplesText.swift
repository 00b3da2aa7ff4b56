import VigilCore

/// `vigil samples` for a terminal: one row per `[[sample]]` with its last reading, the baseline's
/// mean, the window (oldest first) and what holds now. Pure, so it is tested on hand-built views.
public enum SamplesText {
    public static func render(_ samples: [SampleView]) -> String {
        guard !samples.isEmpty else { return "no [[sample]] is configured" }
        let rows = samples.map { sample in
            [sample.name, sample.kind, sample.lastError.map { "failed: \($0)" } ?? sample.lastMs.map(milliseconds) ?? "-",
             sample.meanMs.map(milliseconds) ?? "-", sample.durationsMs.map { NumberText.format($0) }.joined(separator: " "), sample.state]
        }
        return TextTable(header: ["OPERATION", "KIND", "LAST", "MEAN", "WINDOW (MS, OLDEST FIRST)", "STATE"], rows: rows).text
    }

    private static func milliseconds(_ value: Double) -> String { NumberText.format(value) + " ms" }
}
