import TOMLKit
import VigilCore

/// Reads `[metrics]`: `listen` (`HOST:PORT`, default `127.0.0.1:9464`).
enum MetricsDecoder {
    static let keys = ["listen"]

    static func decode(_ table: TOMLTable, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> MetricsSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        var settings = MetricsSettings()
        if let text = reader.string("listen", &diagnostics) {
            switch ListenAddress.parse(text) {
            case .success(let address): settings.listen = address
            case .failure(let error): diagnostics.report(scope, key: "listen", "\(error.description), got \(ValueText.quoted(text))")
            }
        }
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        return diagnostics.count == errorsBefore ? settings : nil
    }
}
