import Foundation
import VigilTestSupport

/// The boot in which `Tests/Fixtures/nspawn-package/run-package-test` installs the vigil package
/// with apt, upgrades it to a newer version, removes and purges it. Its steps record `systemctl
/// show` as `STEP.txt`, file lists as `files-before.txt` and `files-after-purge.txt`, and the
/// operator's files as they stood after each step.
enum PackageContainerBoot {
    /// The version of the upgrade: the same binary, packed again under a higher version.
    static func newerVersion(than version: String) -> String { version + "+upgrade1" }

    // The script gives systemd-nspawn 240 s (plus 10 s to die); 300 s is never the bound that fires.
    private static let boot = SharedContainerRun {
        let first = try BuiltPackage.require()
        let newer = try packNewerVersion(of: first)
        defer { try? FileManager.default.removeItem(at: newer.deletingLastPathComponent()) }
        return try ContainerRun.run(script: "Tests/Fixtures/nspawn-package/run-package-test",
                                    arguments: [first, newer.path], timeout: .seconds(300))
    }

    static func shared() async throws -> ContainerRun {
        try await boot.get()
    }

    /// `scripts/package --binary` on the binary of `deb`, with a higher version.
    private static func packNewerVersion(of deb: String) throws -> URL {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-upgrade-" + UUID().uuidString)
        let unpacked = scratch.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        let extracted = try ExternalTool.run("/usr/bin/dpkg-deb", ["-x", deb, unpacked.path])
        guard extracted.status == 0 else { throw ContainerRun.Failure(description: "dpkg-deb -x \(deb): \(extracted.standardError)") }
        let version = try BuiltPackage.field("Version")
        let environment = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "LANG", "TMPDIR"].contains($0.key) }
        let process = try BackgroundProcess([RepositoryPaths.file("scripts/package").path,
                                             "--binary", unpacked.appendingPathComponent("usr/bin/vigil").path,
                                             "--version", newerVersion(than: version), "--output", scratch.path],
                                            environment: environment)
        guard let status = process.waitForExit(timeout: .seconds(600)), BackgroundProcess.exitCode(fromWaitStatus: status) == 0 else {
            process.signal(SIGKILL)
            throw ContainerRun.Failure(description: "scripts/package for the upgrade failed:\n\(process.printed)")
        }
        return scratch.appendingPathComponent("vigil_\(newerVersion(than: version))_amd64.deb")
    }
}
