import Foundation
import VigilTestSupport

/// The boot in which `Tests/Fixtures/nspawn-restart/run-restart-test` restarts units through
/// `vigil-step-runner` and records each outcome as `restart-NAME.json`.
enum RestartContainerBoot {
    // The script gives systemd-nspawn 120 s (plus 10 s to die); 150 s is never the bound that fires.
    private static let boot = SharedContainerRun {
        try ContainerRun.run(script: "Tests/Fixtures/nspawn-restart/run-restart-test",
                             arguments: [RepositoryPaths.productsDirectory.appendingPathComponent("vigil-step-runner").path],
                             timeout: .seconds(150))
    }

    static func shared() async throws -> ContainerRun {
        try await boot.get()
    }
}

extension ContainerRun {
    /// The outcome vigil-step-runner printed for one restart (`running`, `failing`, `missing`).
    func outcome(_ name: String) throws -> [String: Any] {
        let text = try file("restart-\(name).json")
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure(description: "restart-\(name).json is not a JSON object: \(text)")
        }
        return object
    }
}
