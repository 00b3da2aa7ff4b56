import Testing
import VigilCore

/// Every rule of the schema validator on hand-written schemas and values.
@Suite struct SchemaValidatorTests {
    static let pet = ContractSchema(types: [.object], properties: [
        "id": ContractSchema(types: [.integer], format: "int64"),
        "name": ContractSchema(types: [.string]),
        "createdAt": ContractSchema(types: [.string], format: "date-time"),
        "status": ContractSchema(types: [.string], enumValues: [.string("available"), .string("sold")]),
        "tag": ContractSchema(types: [.string], nullable: true),
        "owner": ContractSchema(nullable: true, allOf: [.ref("Owner")]),
    ], required: ["id", "name"])
    static let owner = ContractSchema(types: [.object], properties: ["name": ContractSchema(types: [.string])],
                                      required: ["name"], additionalProperties: .forbidden)
    static let validator = SchemaValidator(schemas: ["Pet": pet, "Owner": owner])

    static func messages(_ value: JSONValue, _ schema: ContractSchema) -> [String] {
        validator.violations(of: value, against: schema).map { ($0.path.map { "\($0): " } ?? "") + $0.message }
    }

    static func object(_ members: [String: JSONValue]) -> JSONValue { .object(members) }
    static let goodPet = object(["id": .number(7), "name": .string("rex"), "createdAt": .string("2026-12-04T10:15:00.5+01:00"),
                                 "status": .string("sold"), "tag": .null, "owner": .null])

    @Test func aConformingValueHasNoViolation() {
        #expect(Self.messages(Self.goodPet, .ref("Pet")) == [])
        #expect(Self.messages(.array([Self.goodPet, Self.goodPet]), ContractSchema(types: [.array], items: .ref("Pet"))) == [])
    }

    @Test func typesAndNullAreNamedWithThePath() {
        let page = ContractSchema(types: [.object], properties: ["items": ContractSchema(types: [.array], items: .ref("Pet"))])
        var third = Self.goodPet
        if case .object(var members) = third { members["createdAt"] = .null; members["id"] = .number(7.5); third = .object(members) }
        #expect(Self.messages(Self.object(["items": .array([Self.goodPet, Self.goodPet, Self.goodPet, third])]), page) == [
            "$.items[3].createdAt: expected string (date-time), got null",
            "$.items[3].id: expected integer (int64), got 7.5",
        ])
        #expect(Self.messages(.null, .ref("Pet")) == ["$: expected Pet, got null"])
        #expect(Self.messages(.string("x"), ContractSchema(types: [.integer, .null])) == ["$: expected integer or null, got \"x\""])
        #expect(Self.messages(.null, ContractSchema(types: [.integer, .null])) == [])
        #expect(Self.messages(.number(3), ContractSchema(types: [.number])) == [])
        #expect(Self.messages(.bool(true), ContractSchema(types: [.string])) == ["$: expected string, got true"])
    }

    @Test func requiredEnumAndAdditionalProperties() {
        #expect(Self.messages(Self.object(["name": .string("rex"), "status": .string("lost")]), .ref("Pet")) == [
            "$.id: required property is missing",
            "$.status: expected one of \"available\", \"sold\", got \"lost\"",
        ])
        #expect(Self.messages(Self.object(["name": .string("ada"), "phone": .string("555"), "content-type": .number(1)]), .ref("Owner")) == [
            "$[\"content-type\"]: not in the schema, which allows no other properties",
            "$.phone: not in the schema, which allows no other properties",
        ])
        let labels = ContractSchema(types: [.object], additionalProperties: .schema(Indirect(ContractSchema(types: [.string]))))
        #expect(Self.messages(Self.object(["a": .string("x"), "b": .number(2)]), labels) == ["$.b: expected string, got 2"])
    }

    @Test func formats() {
        func format(_ name: String, _ value: String) -> [String] { Self.messages(.string(value), ContractSchema(types: [.string], format: name)) }
        #expect(format("uuid", "3f2c8e52-9a41-4c1e-8d2b-5b7f6c0a1e93") == [])
        #expect(format("uuid", "3f2c8e52") == ["$: expected string (uuid), got \"3f2c8e52\""])
        #expect(format("date-time", "2026-12-04 10:15:00") == ["$: expected string (date-time), got \"2026-12-04 10:15:00\""])
        #expect(format("date-time", "2026-12-04T10:15:00Z") == [])
        #expect(format("date", "2026-02-29") == ["$: expected string (date), got \"2026-02-29\""])
        #expect(format("date", "2028-02-29") == [])
        #expect(format("uri", "https://example.com/a?b=c") == [])
        #expect(format("uri", "/relative/path") == ["$: expected string (uri), got \"/relative/path\""])
        #expect(format("email", "ada@example.com") == [])
        #expect(format("hostname", "anything at all") == [])
        #expect(Self.messages(.number(3_000_000_000), ContractSchema(types: [.integer], format: "int32"))
            == ["$: expected integer (int32), got 3000000000, out of its range"])
    }

    @Test func compositions() {
        let cat = ContractSchema(types: [.object], properties: ["meows": ContractSchema(types: [.boolean])], required: ["meows"])
        let dog = ContractSchema(types: [.object], properties: ["barks": ContractSchema(types: [.boolean])], required: ["barks"])
        let validator = SchemaValidator(schemas: ["Cat": cat, "Dog": dog])
        func messages(_ value: JSONValue, _ schema: ContractSchema) -> [String] {
            validator.violations(of: value, against: schema).map { "\($0.path ?? ""): \($0.message)" }
        }
        let either = ContractSchema(oneOf: [.ref("Cat"), .ref("Dog")])
        #expect(messages(Self.object(["meows": .bool(true)]), either) == [])
        #expect(messages(Self.object(["meows": .bool(true), "barks": .bool(true)]), either)
            == ["$: matches 2 of oneOf's schemas (Cat, Dog), exactly one expected"])
        #expect(messages(Self.object(["purrs": .bool(true)]), either)
            == ["$: matches none of oneOf's 2 schemas (Cat: $.meows: required property is missing; Dog: $.barks: required property is missing)"])
        let any = ContractSchema(anyOf: [.ref("Cat"), .ref("Dog")])
        #expect(messages(Self.object(["meows": .bool(true), "barks": .bool(true)]), any) == [])
        #expect(messages(.string("x"), any).first?.hasPrefix("$: matches none of anyOf's 2 schemas (Cat: expected object, got \"x\"") == true)
        let both = ContractSchema(allOf: [.ref("Cat"), .ref("Dog")])
        #expect(messages(Self.object(["meows": .bool(true)]), both) == ["$.barks: required property is missing"])
        #expect(messages(.number(1), .ref("Bird")) == ["$: the schema Bird is not in the document's components"])
    }

    @Test func aReferenceLoopIsCutNotFollowedForever() {
        let validator = SchemaValidator(schemas: ["Loop": .ref("Loop")])
        #expect(validator.violations(of: .number(1), against: .ref("Loop")).map(\.message) == ["schema references nest deeper than 64"])
    }
}
