/// Why a call over sd-bus failed; each public client turns it into its own error type.
struct BusFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
