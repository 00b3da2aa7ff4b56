import Foundation
import Testing
import VigilTestSupport

/// `vigil contract diff` on the petstore and its edited copies, through the real binary and its
/// vigil-openapi helper: breaking changes listed apart from compatible ones, exit 2, 0, 65, 66.
@Suite("vigil contract diff", .serialized)
struct ContractDiffCommandTests {
    static func contract(_ name: String) -> String { RepositoryPaths.file("Tests/Fixtures/contracts/" + name).path }

    @Test("a breaking release: every breaking change listed, exit 2")
    func breakingChanges() throws {
        let old = Self.contract("petstore.yaml"), new = Self.contract("petstore-v2-breaking.yaml")
        let result = try VigilInvocation.run(["contract", "diff", old, new])
        #expect(result.status == 2, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(old) -> \(new): 10 breaking changes, 5 compatible")
        for change in ["  DELETE /pets/{id}: operation removed",
                       "  GET /pets query parameter owner: new and required",
                       "  GET /pets response 200 $.items[*].tag: property removed",
                       "  GET /pets/{id} response 200 $.id: type changed from integer to string",
                       "  GET /pets response 200 $.items[*].status: enum value \"sold\" removed",
                       "  POST /pets: success status 200 removed"] {
            let line = try #require(lines.firstIndex(of: change), "\(change) in \(result.standardOutput)")
            #expect(line < lines.firstIndex(of: "Compatible:")!)
        }
        #expect(lines.contains("  GET /pets response 200 $.items[*].label: property added"))

        let json = try VigilInvocation.run(["contract", "diff", old, new, "--format", "json"])
        #expect(json.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let breaking = try #require(report["breaking"] as? [[String: Any]])
        #expect(breaking.count == 10 && (report["compatible"] as? [Any])?.count == 5)
        #expect(breaking.contains { $0["operation"] as? String == "DELETE /pets/{id}" && $0["change"] as? String == "operation removed"
                                    && $0["breaking"] as? Bool == true })
    }

    @Test("a compatible release, and the same document in 3.1 JSON: exit 0")
    func compatibleChanges() throws {
        let result = try VigilInvocation.run(["contract", "diff", Self.contract("petstore.yaml"), Self.contract("petstore-v1.1-compatible.yaml")])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains(": 0 breaking changes, 11 compatible\n\nCompatible:\n  GET /pets query parameter sort: new, optional\n"))
        #expect(result.standardOutput.contains("  /pets/{id}/photos: path added, with GET"))
        let same = try VigilInvocation.run(["contract", "diff", Self.contract("petstore.yaml"), Self.contract("petstore.json")])
        #expect(same.status == 0)
        #expect(same.standardOutput.hasSuffix(": 0 breaking changes, 0 compatible\n"))
    }

    @Test("a document that is not OpenAPI 3 exits 65, a missing one 66, with the reason")
    func unreadableDocuments() throws {
        let scratch = try ScratchDirectory()
        let swagger = scratch.file("swagger.yaml")
        try "swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}\n".write(toFile: swagger, atomically: false, encoding: .utf8)
        let invalid = try VigilInvocation.run(["contract", "diff", swagger, Self.contract("petstore.yaml")])
        #expect(invalid.status == 65)
        #expect(invalid.standardError == "\(swagger): not an OpenAPI document: it has no `openapi` version field\n")
        let missing = try VigilInvocation.run(["contract", "diff", Self.contract("petstore.yaml"), scratch.file("nothing.yaml")])
        #expect(missing.status == 66)
        #expect(missing.standardError == "\(scratch.file("nothing.yaml")): no such file\n")
    }
}
