import Testing
@testable import VigilConfig
import VigilCore

@Suite struct ContractConfigTests {
    static func check(_ body: String) -> String {
        "[[check]]\nname = \"api_contract\"\nkind = \"contract\"\n" + body
    }

    static func errors(_ body: String) -> [String] { ConfigTestHelpers.errors(Self.check(body)).map(\.description) }

    @Test func readsEveryKey() throws {
        let text = Self.check("""
            spec = "/etc/vigil/contracts/alexandria.yaml"
            spec_url = "http://127.0.0.1:8080/openapi.json"
            baseline = "/etc/vigil/contracts/alexandria-1.4.yaml"
            base_url = "http://127.0.0.1:8080"
            operations = ["getHealth", "GET /api/v1/documents/{id}"]
            parameters = { id = "3f2c8e52-9a41-4c1e-8d2b-5b7f6c0a1e93", limit = 10, draft = false }
            """)
        let check = try #require(ConfigTestHelpers.configuration(text)?.checks.first)
        #expect(check.kind == .contract(ContractCheckSettings(
            spec: "/etc/vigil/contracts/alexandria.yaml", specURL: "http://127.0.0.1:8080/openapi.json",
            baseline: "/etc/vigil/contracts/alexandria-1.4.yaml", baseURL: "http://127.0.0.1:8080",
            operations: ["getHealth", "GET /api/v1/documents/{id}"],
            parameters: ["id": "3f2c8e52-9a41-4c1e-8d2b-5b7f6c0a1e93", "limit": "10", "draft": "false"])))
        #expect(check.breakerTarget == nil)
    }

    @Test func badKeysAreNamed() {
        #expect(Self.errors("") == ["bad.toml:1:1: check \"api_contract\": spec: a contract check needs the document: "
                                    + "spec = \"/etc/vigil/contracts/NAME.yaml\" or spec_url = \"http://…/openapi.json\""])
        #expect(Self.errors("spec = \"/a.yaml\"\n") == ["bad.toml:1:1: check \"api_contract\": operations: a contract check needs operations to exercise "
                                                         + "or a baseline to hold the live document to"])
        #expect(Self.errors("spec = \"/a.yaml\"\nbaseline = \"/b.yaml\"\n") == ["bad.toml:5:1: check \"api_contract\": baseline: compares the live document "
                                                                               + "with the baseline: give spec_url, where the API serves its document"])
        #expect(Self.errors("spec = \"a.yaml\"\noperations = [\"x\"]\n").first?.hasPrefix("bad.toml:4:1: check \"api_contract\": spec: must be an absolute path") == true)
        #expect(Self.errors("spec_url = \"ftp://x/openapi.json\"\noperations = [\"x\"]\n")
            == ["bad.toml:4:1: check \"api_contract\": spec_url: must start with http:// or https://, got \"ftp://x/openapi.json\""])
        #expect(Self.errors("spec = \"/a.yaml\"\nbase_url = \"http:///api\"\noperations = [\"x\"]\n")
            == ["bad.toml:5:1: check \"api_contract\": base_url: has no valid host, got \"http:///api\""])
        #expect(Self.errors("spec = \"/a.yaml\"\noperations = []\n")
            == ["bad.toml:5:1: check \"api_contract\": operations: must not be empty: name operationIds or \"METHOD /path\", or leave the key out"])
        #expect(Self.errors("spec = \"/a.yaml\"\noperations = [\"FETCH /x\"]\n")
            == ["bad.toml:5:1: check \"api_contract\": operations[0]: must be an operationId such as \"getHealth\" or \"METHOD /path\" such as "
                + "\"GET /api/v1/documents/{id}\", got \"FETCH /x\""])
        #expect(Self.errors("spec = \"/a.yaml\"\noperations = [\"x\"]\nparameters = { id = [1] }\n")
            == ["bad.toml:6:1: check \"api_contract\": parameters.id: expected a string, an integer or a boolean, got array"])
    }
}
