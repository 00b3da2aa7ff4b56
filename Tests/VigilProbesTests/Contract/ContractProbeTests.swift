import Testing
import VigilCore
@testable import VigilProbes
import VigilTestSupport

/// A contract check against a real petstore API on loopback, its document read by the real
/// vigil-openapi helper: conforming answers, answers that break the contract, and a live document
/// that drifts from its baseline.
@Suite(.serialized) struct ContractProbeTests {
    static let helper = OpenAPIHelper(executable: RepositoryPaths.productsDirectory.appendingPathComponent("vigil-openapi").path)

    static func observe(_ settings: ContractCheckSettings) throws -> Observation {
        try ContractProbe(settings: settings, helper: helper).observeBlocking(until: .now + .seconds(20))
    }

    @Test func conformingAnswersAreHealthyAndBrokenOnesNameOperationAndPath() throws {
        let api = try PetstoreAPI()
        let settings = ContractCheckSettings(spec: PetstoreAPI.contract("petstore.yaml"), baseURL: api.baseURL,
                                             operations: ["findPets", "GET /pets/{id}"], parameters: ["limit": "4"])
        let healthy = try Self.observe(settings)
        #expect(healthy.status == .healthy, "\(healthy.message)")
        #expect(healthy.message == "2 operations conform to the document")

        api.breakContract(true)
        let broken = try Self.observe(settings)
        #expect(broken.status == .critical)
        #expect(broken.issues == [
            // Pet is allOf NewPet (status) and its own properties (createdAt, owner), in that order.
            "findPets: $.items[3].status: expected one of \"available\", \"pending\", \"sold\", got \"lost\"",
            "findPets: $.items[3].createdAt: expected string (date-time), got null",
            "findPets: $.items[3].owner.phone: not in the schema, which allows no other properties",
            "findPetById: status 200: content type text/html, the document has application/json",
        ])
        #expect(broken.metrics["violations"] == 4)
    }

    @Test func aLiveDocumentThatBreaksTheBaselineIsCritical() throws {
        let api = try PetstoreAPI()
        let settings = ContractCheckSettings(specURL: api.documentURL, baseline: PetstoreAPI.contract("petstore.yaml"))
        try api.serveDocument(PetstoreAPI.contract("petstore-v1.1-compatible.yaml"))
        let compatible = try Self.observe(settings)
        #expect(compatible.status == .healthy, "\(compatible.message)")
        #expect(compatible.message == "the live document keeps the baseline's contract (11 compatible changes)")

        try api.serveDocument(PetstoreAPI.contract("petstore-v2-breaking.yaml"))
        let breaking = try Self.observe(settings)
        #expect(breaking.status == .critical)
        #expect(breaking.metrics["breaking_changes"] == 10)
        #expect(breaking.issues.contains("breaking change from the baseline: DELETE /pets/{id}: operation removed"))
        #expect(breaking.message.hasPrefix("10 breaking changes from the baseline: breaking change from the baseline: GET /pets query parameter owner: new and required"))
    }

    @Test func whatCannotBeExercisedIsSaid() throws {
        let api = try PetstoreAPI()
        let missing = try Self.observe(ContractCheckSettings(spec: PetstoreAPI.contract("petstore.yaml"), baseURL: api.baseURL,
                                                             operations: ["getHealth"]))
        #expect(missing.status == .critical)
        #expect(missing.issues == ["getHealth: not in the document"])
        #expect(throws: ProbeError.self) {
            try Self.observe(ContractCheckSettings(spec: PetstoreAPI.contract("nothing-here.yaml"), baseURL: api.baseURL, operations: ["findPets"]))
        }
    }
}
