import Testing
@testable import VigilConfig

@Suite("Suggesting the key that was meant")
struct KeySuggestionTests {
    @Test(arguments: [("timout", "timeout"), ("intreval", "interval"), ("Severity", "severity"), ("urls", "url")])
    func suggestsWithinTwoEdits(typo: String, meant: String) {
        #expect(KeySuggestion.closest(to: typo, among: ["timeout", "interval", "severity", "url", "unit"]) == meant)
    }

    @Test func suggestsNothingForFarOffWords() {
        #expect(KeySuggestion.closest(to: "colour", among: ["timeout", "interval", "name"]) == nil)
        #expect(KeySuggestion.closest(to: String(repeating: "x", count: 10_000), among: ["x"]) == nil)
    }

    @Test func editDistanceIsLevenshtein() {
        #expect(KeySuggestion.editDistance("kitten", "sitting") == 3)
        #expect(KeySuggestion.editDistance("", "abc") == 3)
        #expect(KeySuggestion.editDistance("same", "same") == 0)
    }
}
