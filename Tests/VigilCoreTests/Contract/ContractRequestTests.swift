import Testing
import VigilCore

/// The request that exercises an operation: parameters from the check, else the document's
/// examples, percent-encoded; a required one with neither is a violation.
@Suite struct ContractRequestTests {
    static let operation = ContractOperation(id: "getDocument", method: "GET", path: "/api/v1/documents/{id}", parameters: [
        ContractParameter(name: "id", location: .path, required: true, example: "7"),
        ContractParameter(name: "fields", location: .query),
        ContractParameter(name: "X-Tenant", location: .header, required: true, example: "alexandria"),
    ], responses: [ContractResponse(status: "200")])

    @Test func examplesFillRequiredParametersAndOptionalOnesNeedAValue() throws {
        let request = try ContractRequest.make(Self.operation, base: "http://127.0.0.1:8080/", values: [:]).get()
        #expect(request.url == "http://127.0.0.1:8080/api/v1/documents/7")
        #expect(request.headers.map { "\($0.name): \($0.value)" } == ["Accept: application/json", "X-Tenant: alexandria"])
        let given = try ContractRequest.make(Self.operation, base: "http://h", values: ["id": "a b/ü", "fields": "title,created at"]).get()
        #expect(given.url == "http://h/api/v1/documents/a%20b%2F%C3%BC?fields=title%2Ccreated%20at")
    }

    @Test func aRequiredParameterWithoutAValueIsAViolation() {
        var operation = Self.operation
        operation.parameters[0].example = nil
        #expect(throws: ContractViolation(operation: "getDocument", message: "no value for the required path parameter id: give it in parameters")) {
            try ContractRequest.make(operation, base: "http://h", values: [:]).get()
        }
    }
}
