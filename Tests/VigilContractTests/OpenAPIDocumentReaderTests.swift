import Foundation
import Testing
import VigilContract
import VigilCore
import VigilTestSupport

/// The petstore in OpenAPI 3.0 YAML and in 3.1 JSON read by OpenAPIKit and Yams into the same
/// contract; documents that are not OpenAPI 3.0/3.1 refused with the reason.
@Suite struct OpenAPIDocumentReaderTests {
    static func read(_ name: String) throws -> ContractDocument {
        let path = RepositoryPaths.file("Tests/Fixtures/contracts/" + name).path
        return try OpenAPIDocumentReader.read(try String(contentsOfFile: path, encoding: .utf8), name: name)
    }

    @Test func theYAMLPetstoreComesWithItsOperationsAndComponents() throws {
        let document = try Self.read("petstore.yaml")
        #expect(document.openapi == "3.0.3" && document.version == "1.0.0" && document.servers == ["http://petstore.example/api"])
        #expect(document.operations.map(\.label) == ["GET /pets", "POST /pets", "GET /pets/{id}", "DELETE /pets/{id}"])
        let findPetById = try #require(document.operation(named: "findPetById"))
        #expect(document.operation(named: "GET /pets/{id}") == findPetById)
        // The path item's parameter, through its $ref, with its example.
        #expect(findPetById.parameters == [ContractParameter(name: "id", location: .path, required: true,
                                                             schema: ContractSchema(types: [.integer], format: "int64"), example: "7")])
        // The 404 response through components.responses.
        #expect(findPetById.responses.map(\.status) == ["200", "404"])
        #expect(findPetById.responses[1].content == ["application/json": .some(.ref("Error"))])
        let pet = try #require(document.schemas["Pet"])
        #expect(pet.allOf.first == .ref("NewPet"))
        let own = try #require(pet.allOf.last)
        #expect(own.required == ["id", "createdAt"])
        #expect(own.properties["owner"] == ContractSchema(reference: "Owner", nullable: true))
        #expect(document.schemas["Owner"]?.additionalProperties == .forbidden)
        #expect(document.schemas["NewPet"]?.properties["status"]?.enumValues == [.string("available"), .string("pending"), .string("sold")])
        #expect(document.schemas["PetPage"]?.properties["next"] == ContractSchema(types: [.string], nullable: true, format: "uri"))
    }

    @Test func theJSONPetstoreIn31ReadsAsTheSameContract() throws {
        let yaml = try Self.read("petstore.yaml")
        let json = try Self.read("petstore.json")
        #expect(json.openapi == "3.1.0")
        #expect(json.operations == yaml.operations)
        #expect(json.schemas == yaml.schemas)
        #expect(ContractDiff.changes(from: yaml, to: json) == [])
    }

    @Test func whatIsNotAnOpenAPI3DocumentIsRefusedWithTheReason() {
        func failure(_ text: String) -> String {
            do { _ = try OpenAPIDocumentReader.read(text, name: "api.yaml"); return "" } catch { return error.description }
        }
        #expect(failure("swagger: \"2.0\"\n") == "api.yaml: not an OpenAPI document: it has no `openapi` version field")
        #expect(failure("openapi: 2.0.0\n") == "api.yaml: OpenAPI 2.0.0 is not read; 3.0 and 3.1 are")
        #expect(failure("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n")
            == "api.yaml: not a valid OpenAPI 3.0.3 document: Expected to find `version` key in Document.info but it is missing.")
        #expect(failure("openapi: 3.0.3\npaths: [1, 2\n").hasPrefix("api.yaml: not YAML or JSON: 3:1: error: parser:"))
    }
}
