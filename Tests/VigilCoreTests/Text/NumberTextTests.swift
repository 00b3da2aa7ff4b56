import Foundation
import Testing
import VigilCore

/// The formatting helpers that replace `String(format:)` in the shipped binary print what it printed:
/// the tests hold them to Foundation's own output.
@Suite struct NumberTextTests {
    @Test(arguments: [(0, 2), (7, 2), (42, 2), (123, 2), (9, 4), (2026, 4), (12345, 4), (-5, 3), (0, 0)])
    func zeroPaddedAsPrintf(value: Int, width: Int) {
        #expect(NumberText.zeroPadded(value, width: width) == String(format: "%0*d", width, value))
    }

    @Test(arguments: [0.0, 0.04, 0.05, 0.15, 0.25, 1.0, 1.25, 1.95, 12.345, 99.95, 1234.5, 86_400.06, -0.04, -2.5])
    func oneDecimalAsPrintf(value: Double) {
        // printf rounds the binary value; a tie (0.25 exactly) goes to even there, away from zero here.
        let printf = String(format: "%.1f", value)
        let tie = (value * 10).truncatingRemainder(dividingBy: 1).magnitude == 0.5
        if !tie { #expect(NumberText.fixed(value, decimals: 1) == printf) }
        #expect(Double(NumberText.fixed(value, decimals: 1)).map { abs($0 - value) <= 0.05 + 1e-9 } == true)
    }

    @Test func fixedWithMoreDecimals() {
        #expect(NumberText.fixed(3.14159, decimals: 3) == "3.142")
        #expect(NumberText.fixed(2, decimals: 2) == "2.00")
        #expect(NumberText.fixed(0.005, decimals: 0) == "0")
    }

    @Test func hexAsPrintf() {
        let bytes: [UInt8] = [0, 1, 0x0f, 0x10, 0x7f, 0x80, 0xab, 0xff]
        #expect(NumberText.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(NumberText.hex([UInt8]()) == "")
    }

    @Test("metric values: integers bare, others to two decimals, and rounding that lands on an integer written as one", arguments: [
        (42.0, "42"), (1.525, "1.53"), (0.1, "0.1"), (49.999_99, "50"), (-2.004, "-2"),
    ])
    func format(_ value: Double, _ text: String) {
        #expect(NumberText.format(value) == text)
    }
}
