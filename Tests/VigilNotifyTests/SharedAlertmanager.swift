import Testing
import VigilTestSupport

/// Starts one Alertmanager around a whole suite and hands it to its tests as `AlertmanagerInstance.current`.
struct SharedAlertmanager: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let instance = try await runOnOwnThread { try AlertmanagerInstance() }
        try await AlertmanagerInstance.$current.withValue(instance) { try await function() }
    }
}

extension Trait where Self == SharedAlertmanager {
    static var sharedAlertmanager: Self { SharedAlertmanager() }
}
