import Foundation
import Testing
@testable import VigilConfig
import VigilCore
import VigilTestSupport

/// The README's configuration reference is the operator's reference: it must name every key the loader accepts.
@Suite("Configuration reference")
struct ConfigurationDocsTests {
    static func reference() throws -> String {
        try String(contentsOf: RepositoryPaths.file("README.md"), encoding: .utf8)
    }

    @Test func documentsEveryKeyKindAndMetric() throws {
        let reference = try Self.reference()
        let keys = FileDecoder.daemonKeys + ["conninfo"] + CheckSchema.commonKeys + CheckSchema.allKindKeys
        let metrics = CheckKind.names.flatMap { CheckKind.metrics(ofKind: $0)?.keys.sorted() ?? [] }
        for word in keys + metrics {
            #expect(reference.contains("`\(word)`"), "README.md does not mention `\(word)`")
        }
        for kind in CheckKind.names {
            #expect(reference.contains("#### `kind = \"\(kind)\"`"), "no section for kind \(kind)")
        }
        for method in CheckSchema.httpMethods + CheckSchema.unitSuffixes {
            #expect(reference.contains("`\(method)`"))
        }
    }

    @Test func documentsTheDefaultsTheCodeApplies() throws {
        let reference = try Self.reference()
        #expect(reference.contains("| `interval` | duration | `\"\(DurationText.format(CheckSchema.defaultInterval))\"` |"))
        #expect(reference.contains("| `timeout` | duration | `\"\(DurationText.format(CheckSchema.defaultTimeout))\"` |"))
        #expect(reference.contains("| `stop_timeout` | duration | `\"\(DurationText.format(DaemonSettings().stopTimeout))\"` |"))
        #expect(reference.contains("| `severity` | string | `\"\(CheckDefinition(name: "x", kind: .memory).severity.rawValue)\"` |"))
        #expect(reference.contains("at most \(DocumentGuard.maximumDepth) deep"))
    }
}
