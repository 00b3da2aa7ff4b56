import FoundationEssentials
import TOMLKit
import VigilCore

/// Reads a load scenario file (`vigil loadtest SCENARIO.toml`): top-level `concurrency`,
/// `duration` or `requests`, `rate`, `timeout`, a `[thresholds]` table and `[[request]]` entries.
/// Every error names the file, the table and the key, with its line and column.
public enum LoadScenarioDecoder {
    static let topKeys = LoadRequestReader.shapeKeys + ["timeout", "thresholds", "request"]
    static let thresholdKeys = ["max_average_ms", "max_error_percent", "p99_ms"]

    /// Reads and decodes the file at `path`; a file others may write is refused as a configuration file is.
    public static func load(path: String) -> Result<LoadScenario, ConfigErrors> {
        let (files, errors) = ConfigFileReader.read(paths: [path], optionalPaths: [])
        guard errors.isEmpty, let file = files.first else { return .failure(ConfigErrors(errors: errors)) }
        return parse(text: file.text, file: path)
    }

    /// Decodes a scenario's text; `file` is the name errors show.
    public static func parse(text: String, file: String) -> Result<LoadScenario, ConfigErrors> {
        var diagnostics = Diagnostics()
        if let problem = DocumentGuard.problem(in: text, file: file) {
            return .failure(ConfigErrors(errors: [problem]))
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return .failure(ConfigErrors(errors: [ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                                              message: String(error.description.prefix(300)))]))
        } catch {
            return .failure(ConfigErrors(errors: [ConfigError(file: file, message: "cannot parse: \(error)")]))
        }
        let scenario = decode(root, file: file, &diagnostics)
        diagnostics.locate(file: file, using: SourcePositions(text: text))
        guard diagnostics.isEmpty, let scenario else { return .failure(ConfigErrors(errors: diagnostics.errorsInReadingOrder)) }
        return .success(scenario)
    }

    static func decode(_ root: TOMLTable, file: String, _ diagnostics: inout Diagnostics) -> LoadScenario? {
        let errorsBefore = diagnostics.count
        var reader = TableReader(root, scope: ErrorScope(file: file, section: .root, table: nil))
        let shape = LoadRequestReader.shape(&reader, defaultDuration: nil, defaultRate: nil, &diagnostics)
        let timeout = reader.duration("timeout", &diagnostics)
        let thresholds = readThresholds(&reader, file: file, &diagnostics)
        var requests: [LoadRequest] = []
        if let value = reader.value("request") {
            if let array = value.array, !array.isEmpty, array.allSatisfy({ $0.table != nil }) {
                var firstTarget: LoadTarget?
                for (offset, element) in array.enumerated() {
                    let number = offset + 1
                    var requestReader = TableReader(element.table!, scope: ErrorScope(file: file, section: .request(index: number), table: "request #\(number)"))
                    let request = LoadRequestReader.request(&requestReader, &diagnostics)
                    requestReader.reportUnreadKeys(validKeys: LoadRequestReader.requestKeys, &diagnostics)
                    guard let request, let target = request.target else { continue }
                    if let firstTarget, firstTarget.origin != target.origin {
                        diagnostics.report(requestReader.scope, key: "url",
                                           "must go to \(firstTarget.origin) like request #1: each connection of a run talks to one server, got \(ValueText.quoted(request.url))")
                        continue
                    }
                    firstTarget = firstTarget ?? target
                    requests.append(request)
                }
            } else {
                diagnostics.report(reader.scope, key: "request",
                                   "expected [[request]] tables, each with a url, got \(ValueText.typeName(value.type))")
            }
        } else {
            diagnostics.report(reader.scope, key: "request", "missing required key: at least one [[request]] with a url")
        }
        reader.reportUnreadKeys(validKeys: topKeys, &diagnostics)
        guard diagnostics.count == errorsBefore, let shape, let thresholds else { return nil }
        return LoadScenario(concurrency: shape.concurrency, bound: shape.bound, rate: shape.rate,
                            timeout: timeout ?? LoadScenario.defaultTimeout, thresholds: thresholds, requests: requests)
    }

    /// `[thresholds]`: the seed's defaults for what it leaves out.
    static func readThresholds(_ reader: inout TableReader, file: String, _ diagnostics: inout Diagnostics) -> LoadThresholds? {
        guard reader.contains("thresholds") else { return LoadThresholds() }
        guard let table = reader.table("thresholds", &diagnostics) else { return nil }
        let errorsBefore = diagnostics.count
        var thresholdReader = TableReader(table, scope: ErrorScope(file: file, section: .thresholds, table: "thresholds"))
        let average = thresholdReader.number("max_average_ms", above: 0, &diagnostics)
        // 0 is a fair limit here (no error tolerated), unlike a latency's.
        var errors: Double?
        if let value = thresholdReader.value("max_error_percent") {
            if let number = TableReader.number(value) {
                if (0...100).contains(number) {
                    errors = number
                } else {
                    diagnostics.report(thresholdReader.scope, key: "max_error_percent", "must be from 0 to 100, got \(NumberText.format(number))")
                }
            } else {
                thresholdReader.reportType("max_error_percent", expected: "a number", got: value, &diagnostics)
            }
        }
        let p99 = thresholdReader.number("p99_ms", above: 0, &diagnostics)
        thresholdReader.reportUnreadKeys(validKeys: thresholdKeys, &diagnostics)
        guard diagnostics.count == errorsBefore else { return nil }
        return LoadThresholds(maxAverageMs: average ?? LoadThresholds.defaultMaxAverageMs,
                              maxErrorPercent: errors ?? LoadThresholds.defaultMaxErrorPercent, p99Ms: p99)
    }
}
