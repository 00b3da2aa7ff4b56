import Testing
import VigilCore

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("750ms", Duration.milliseconds(750)), ("15s", .seconds(15)), ("5m", .seconds(300)),
        ("1h", .seconds(3600)), ("400d", .seconds(400 * 86_400)), ("0s", .zero),
    ])
    func parsesEveryUnit(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "15", "s", "-5s", "1.5s", "15 s", "15sec", "5w", "9999999999999s", " 5s", "5s "])
    func rejectsAnythingElse(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [
        (Duration.milliseconds(1500), "1500ms"), (.seconds(15), "15s"), (.seconds(300), "5m"),
        (.seconds(7200), "2h"), (.seconds(90), "90s"), (.zero, "0s"),
    ])
    func formatsTheShortestExactForm(duration: Duration, expected: String) {
        #expect(DurationText.format(duration) == expected)
        #expect(DurationText.parse(expected) == duration)
    }
}
