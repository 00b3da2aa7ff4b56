import TOMLKit
import VigilCore

/// The keys a load scenario file and a `load` check share: what to send (`method`, `url`,
/// `headers`, `body`) and the run's shape (`concurrency`, `duration` or `requests`, `rate`).
enum LoadRequestReader {
    static let requestKeys = ["method", "url", "headers", "body"]
    static let shapeKeys = ["concurrency", "duration", "requests", "rate"]
    /// Far above what one machine's client can hold open, far below what would exhaust its descriptors.
    static let maximumConcurrency = 10_000

    /// One request; `nil` after reporting what was wrong with it.
    static func request(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> LoadRequest? {
        let errorsBefore = diagnostics.count
        let scope = reader.scope
        let method = reader.choice("method", among: CheckSchema.httpMethods, suggest: false, &diagnostics)
        let url = reader.string("url", required: true, &diagnostics)
        if let url, LoadTarget(url: url) == nil {
            let message = url.lowercased().hasPrefix("https://")
                ? "must be an http:// URL: the load generator speaks plain HTTP/1.1 (aim it at the service behind its TLS proxy), got \(ValueText.quoted(url))"
                : "must be an http:// URL with a host and an optional port, such as \"http://127.0.0.1:8080/health\", got \(ValueText.quoted(url))"
            diagnostics.report(scope, key: reader.displayKey("url"), message)
        }
        var headers: [LoadRequest.Header] = []
        if let table = reader.table("headers", &diagnostics) {
            let headerReader = TableReader(table, scope: scope, keyPrefix: reader.displayKey("headers") + ".")
            for (name, value) in headerReader.entries {
                let key = headerReader.displayKey(name)
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+-.^_`|~".contains($0)) }) else {
                    diagnostics.report(scope, key: key, "must be a header name such as \"X-Request-Id\", got \(ValueText.quoted(name))")
                    continue
                }
                guard let text = value.string else {
                    diagnostics.report(scope, key: key, "expected a string, got \(ValueText.typeName(value.type))")
                    continue
                }
                guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                    diagnostics.report(scope, key: key, "must not contain a line break")
                    continue
                }
                headers.append(LoadRequest.Header(name, text))
            }
        }
        let body = reader.string("body", &diagnostics)
        guard diagnostics.count == errorsBefore, let url else { return nil }
        return LoadRequest(method: method ?? "GET", url: url, headers: headers, body: body)
    }

    /// The run's shape. `defaultDuration` is used when neither `duration` nor `requests` is given;
    /// without one, that is an error: a run must stop by itself.
    static func shape(_ reader: inout TableReader, defaultDuration: Duration?, defaultRate: Double?,
                      _ diagnostics: inout Diagnostics) -> (concurrency: Int, bound: LoadScenario.Bound, rate: Double?)? {
        let errorsBefore = diagnostics.count
        let scope = reader.scope
        let concurrency = reader.integer("concurrency", in: 1...maximumConcurrency, &diagnostics)
        let duration = reader.duration("duration", &diagnostics)
        let requests = reader.integer("requests", in: 1...Int.max, &diagnostics)
        let rate = reader.number("rate", above: 0, &diagnostics)
        var bound: LoadScenario.Bound?
        if duration != nil && requests != nil {
            diagnostics.report(scope, key: reader.displayKey("requests"),
                               "give duration (a run of a set length) or requests (a set number of requests), not both")
        } else if let duration {
            bound = .duration(duration)
        } else if let requests {
            bound = .requests(requests)
        } else if !reader.contains("duration") && !reader.contains("requests") {
            if let defaultDuration {
                bound = .duration(defaultDuration)
            } else {
                diagnostics.report(scope, key: reader.displayKey("duration"),
                                   "missing required key: a run stops by itself after duration = \"30s\" or after requests = 10000")
            }
        }
        guard diagnostics.count == errorsBefore, let bound else { return nil }
        return (concurrency ?? 1, bound, rate ?? defaultRate)
    }
}
