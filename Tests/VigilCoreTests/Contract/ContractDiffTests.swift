import Testing
import VigilCore

/// Each rule of the diff on hand-written pairs of documents: one change at a time.
@Suite struct ContractDiffTests {
    static let pet = ContractSchema(types: [.object], properties: [
        "id": ContractSchema(types: [.integer]),
        "name": ContractSchema(types: [.string]),
        "status": ContractSchema(types: [.string], enumValues: [.string("available"), .string("sold")]),
    ], required: ["id", "name"])

    static func document(pet: ContractSchema = pet, parameters: [ContractParameter] = [ContractParameter(name: "id", location: .path, required: true)],
                         body: ContractRequestBody? = ContractRequestBody(required: true, content: ["application/json": .ref("Pet")]),
                         statuses: [String] = ["200"], extra: [ContractOperation] = []) -> ContractDocument {
        let responses = statuses.map { ContractResponse(status: $0, content: ["application/json": .ref("Pet")]) }
        return ContractDocument(operations: [
            ContractOperation(id: "getPet", method: "GET", path: "/pets/{id}", parameters: parameters, responses: responses),
            ContractOperation(id: "putPet", method: "PUT", path: "/pets/{id}", parameters: parameters, requestBody: body, responses: responses),
        ] + extra, schemas: ["Pet": pet])
    }

    static func changes(_ old: ContractDocument, _ new: ContractDocument) -> [String] {
        ContractDiff.changes(from: old, to: new).map { ($0.breaking ? "BREAKING " : "compatible ") + $0.description }
    }

    static func pet(_ edit: (inout ContractSchema) -> Void) -> ContractSchema {
        var schema = pet
        edit(&schema)
        return schema
    }

    @Test func theSameDocumentHasNoChange() {
        #expect(Self.changes(Self.document(), Self.document()) == [])
    }

    @Test func removedAndAddedOperationsAndPaths() {
        let photos = ContractOperation(method: "GET", path: "/pets/{id}/photos", responses: [ContractResponse(status: "200")])
        let withPhotos = Self.document(extra: [photos])
        #expect(Self.changes(withPhotos, Self.document()) == ["BREAKING /pets/{id}/photos: path removed, with GET"])
        #expect(Self.changes(Self.document(), withPhotos) == ["compatible /pets/{id}/photos: path added, with GET"])
        var withoutPut = Self.document()
        withoutPut.operations.removeAll { $0.method == "PUT" }
        #expect(Self.changes(Self.document(), withoutPut) == ["BREAKING PUT /pets/{id}: operation removed"])
        #expect(Self.changes(withoutPut, Self.document()) == ["compatible PUT /pets/{id}: operation added"])
    }

    @Test func renamingAPathParameterIsNoChange() {
        var renamed = Self.document(parameters: [ContractParameter(name: "petId", location: .path, required: true)])
        for index in renamed.operations.indices { renamed.operations[index].path = "/pets/{petId}" }
        #expect(Self.changes(Self.document(), renamed) == [])
    }

    @Test func parameters() {
        let path = ContractParameter(name: "id", location: .path, required: true)
        let optional = ContractParameter(name: "fields", location: .query, schema: ContractSchema(types: [.string]))
        var required = optional
        required.required = true
        #expect(Self.changes(Self.document(), Self.document(parameters: [path, required])).first == "BREAKING GET /pets/{id} query parameter fields: new and required")
        #expect(Self.changes(Self.document(), Self.document(parameters: [path, optional])).first == "compatible GET /pets/{id} query parameter fields: new, optional")
        #expect(Self.changes(Self.document(parameters: [path, optional]), Self.document(parameters: [path, required])).first
            == "BREAKING GET /pets/{id} query parameter fields: now required")
        #expect(Self.changes(Self.document(parameters: [path, optional]), Self.document()).first == "compatible GET /pets/{id} query parameter fields: no longer read")
        var narrowed = optional
        narrowed.schema = ContractSchema(types: [.string], format: "uuid")
        #expect(Self.changes(Self.document(parameters: [path, optional]), Self.document(parameters: [path, narrowed])).first
            == "BREAKING GET /pets/{id} query parameter fields: format changed from none to uuid")
    }

    @Test func responseProperties() {
        #expect(Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["name"] = nil; $0.required = ["id"] })) == [
            "BREAKING GET /pets/{id} response 200 $.name: property removed",
            "compatible PUT /pets/{id} request body $.name: property no longer read",
            "BREAKING PUT /pets/{id} response 200 $.name: property removed",
        ])
        #expect(Self.changes(Self.document(), Self.document(pet: Self.pet { $0.required = ["id"] })) == [
            "BREAKING GET /pets/{id} response 200 $.name: no longer required (may be absent)",
            "BREAKING PUT /pets/{id} response 200 $.name: no longer required (may be absent)",
        ])
        #expect(Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["tag"] = ContractSchema(types: [.string]) })) == [
            "compatible GET /pets/{id} response 200 $.tag: property added",
            "compatible PUT /pets/{id} request body $.tag: property added",
            "compatible PUT /pets/{id} response 200 $.tag: property added",
        ])
        #expect(Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["tag"] = ContractSchema(types: [.string]); $0.required += ["tag"] }))[1]
            == "BREAKING PUT /pets/{id} request body $.tag: new required property")
    }

    @Test func typesNullsAndEnums() {
        let changed = Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["id"] = ContractSchema(types: [.string]) }))
        #expect(changed == [
            "BREAKING GET /pets/{id} response 200 $.id: type changed from integer to string",
            "BREAKING PUT /pets/{id} request body $.id: type changed from integer to string",
            "BREAKING PUT /pets/{id} response 200 $.id: type changed from integer to string",
        ])
        // number → integer: a request now refuses 1.5 (breaking); a response returns less than before (compatible).
        let narrowed = Self.changes(Self.document(pet: Self.pet { $0.properties["id"] = ContractSchema(types: [.number]) }), Self.document())
        #expect(narrowed == [
            "compatible GET /pets/{id} response 200 $.id: type narrowed from number to integer",
            "BREAKING PUT /pets/{id} request body $.id: type narrowed from number to integer",
            "compatible PUT /pets/{id} response 200 $.id: type narrowed from number to integer",
        ])
        let nullable = Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["name"]!.nullable = true }))
        #expect(nullable == [
            "BREAKING GET /pets/{id} response 200 $.name: may now be null",
            "compatible PUT /pets/{id} request body $.name: now accepts null",
            "BREAKING PUT /pets/{id} response 200 $.name: may now be null",
        ])
        let removed = Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["status"]!.enumValues = [.string("available")] }))
        #expect(removed.allSatisfy { $0.hasPrefix("BREAKING") && $0.hasSuffix("$.status: enum value \"sold\" removed") } && removed.count == 3)
        let added = Self.changes(Self.document(), Self.document(pet: Self.pet { $0.properties["status"]!.enumValues! += [.string("lost")] }))
        #expect(added.allSatisfy { $0.hasPrefix("compatible") && $0.hasSuffix("$.status: enum value \"lost\" added") } && added.count == 3)
    }

    @Test func statusesAndBodies() {
        #expect(Self.changes(Self.document(statuses: ["200", "404"]), Self.document()) == [])
        #expect(Self.changes(Self.document(), Self.document(statuses: ["201"])) == [
            "BREAKING GET /pets/{id}: success status 200 removed", "compatible GET /pets/{id}: status 201 added",
            "BREAKING PUT /pets/{id}: success status 200 removed", "compatible PUT /pets/{id}: status 201 added",
        ])
        let optionalBody = ContractRequestBody(required: false, content: ["application/json": .ref("Pet")])
        #expect(Self.changes(Self.document(body: optionalBody), Self.document()) == ["BREAKING PUT /pets/{id} request body: now required"])
        #expect(Self.changes(Self.document(body: ContractRequestBody(required: true, content: ["application/xml": nil])), Self.document())
            == ["BREAKING PUT /pets/{id} request body: application/xml no longer accepted"])
    }

    @Test func allOfMembersAreComparedAsOneObject() {
        let split = ContractSchema(allOf: [ContractSchema(types: [.object], properties: ["id": ContractSchema(types: [.integer])], required: ["id"]),
                                           ContractSchema(types: [.object], properties: ["name": ContractSchema(types: [.string]),
                                                                                         "status": Self.pet.properties["status"]!], required: ["name"])])
        #expect(Self.changes(Self.document(), Self.document(pet: split)) == [])
    }
}
