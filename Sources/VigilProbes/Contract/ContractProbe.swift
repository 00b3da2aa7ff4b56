import FoundationEssentials
import VigilCore

/// A `contract` check: exercises each named operation and validates the answer against the
/// document (`ResponseReview`); with a baseline, diffs the live document from `spec_url` against it
/// (`ContractDiff`). The verdict is `ContractReport`'s.
public struct ContractProbe: BlockingProbe {
    public let settings: ContractCheckSettings
    let helper: OpenAPIHelper
    /// Bodies longer than this are cut, and then are not JSON: a contract's answers are small.
    static let bodyLimit = 4 << 20

    public init(settings: ContractCheckSettings, helper: OpenAPIHelper = OpenAPIHelper()) {
        self.settings = settings
        self.helper = helper
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let live = try settings.specURL.map { url throws(ProbeError) in try fetchDocument(url, until: deadline) }
        let spec = try settings.spec.map { file throws(ProbeError) in try read(file: file, until: deadline) }
        let document = spec ?? live!
        var violations: [ContractViolation] = []
        for name in settings.operations {
            violations += try exercise(name, in: document, until: deadline)
        }
        var drift: [ContractChange]?
        if let baseline = settings.baseline, let live {
            // The approved document is often the one answers are validated against: read it once.
            let approved = baseline == settings.spec ? spec! : try read(file: baseline, until: deadline)
            drift = ContractDiff.changes(from: approved, to: live)
        }
        return ContractReport.observation(operations: settings.operations.count, violations: violations, drift: drift)
    }

    func exercise(_ name: String, in document: ContractDocument, until deadline: ContinuousClock.Instant) throws(ProbeError) -> [ContractViolation] {
        guard let operation = document.operation(named: name) else {
            return [ContractViolation(operation: name, message: "not in the document")]
        }
        guard let base = settings.baseURL ?? document.servers.first else {
            return [ContractViolation(operation: name, message: "no base_url is set and the document names no server")]
        }
        let request: ContractRequest
        switch ContractRequest.make(operation, base: base, values: settings.parameters) {
        case .success(let made): request = made
        case .failure(let violation): return [violation]
        }
        let response = try send(request, until: deadline)
        let exchange = ResponseReview.Exchange(status: response.status, contentType: response.contentType, body: response.body ?? [])
        return ResponseReview.violations(of: exchange, operation, in: document, parse: Self.parse)
    }

    func send(_ request: ContractRequest, until deadline: ContinuousClock.Instant) throws(ProbeError) -> HTTPTransfer.Response {
        let left = ContinuousClock.now.duration(to: deadline)
        do throws(HTTPTransfer.Failure) {
            return try HTTPTransfer(method: request.method, url: request.url, timeout: left, collectBodyUpTo: Self.bodyLimit,
                                    headers: request.headers).perform()
        } catch {
            switch error {
            case .timedOut: throw ProbeError("\(request.method) \(request.url): no answer within the check's timeout")
            case .failed(let reason): throw ProbeError("\(request.method) \(request.url): \(reason)")
            }
        }
    }

    func fetchDocument(_ url: String, until deadline: ContinuousClock.Instant) throws(ProbeError) -> ContractDocument {
        let response = try send(ContractRequest(method: "GET", url: url, headers: [("Accept", "application/json, application/yaml")]), until: deadline)
        guard (200...299).contains(response.status) else { throw ProbeError("GET \(url): status \(response.status), not the document") }
        do { return try helper.read(bytes: response.body ?? [], name: url, until: deadline) } catch { throw ProbeError(error.description) }
    }

    /// A document file through the helper, its failure the check's.
    func read(file: String, until deadline: ContinuousClock.Instant) throws(ProbeError) -> ContractDocument {
        do { return try helper.read(file: file, until: deadline) } catch { throw ProbeError(error.description) }
    }

    static func parse(_ body: [UInt8]) -> Result<JSONValue, ResponseReview.ParseFailure> {
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: Data(body)))
        } catch {
            return .failure(ResponseReview.ParseFailure(body.isEmpty ? "it is empty" : "\(body.count) bytes that do not parse"))
        }
    }
}
