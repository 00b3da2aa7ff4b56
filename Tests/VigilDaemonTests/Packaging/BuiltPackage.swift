import Foundation
import VigilTestSupport

/// The vigil .deb under test: `VIGIL_PACKAGE` names it (scripts/test builds one and sets it), else
/// the newest under .build/package (scripts/package's default). Under CI (`CI=true`) a missing
/// package fails the package tests; elsewhere they are skipped, as a debug build has none.
enum BuiltPackage {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static let path: String? = {
        if let path = ProcessInfo.processInfo.environment["VIGIL_PACKAGE"], !path.isEmpty {
            return path
        }
        let directory = RepositoryPaths.file(".build/package")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        func modified(_ url: URL) -> Date {
            (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
        }
        return files.filter { $0.pathExtension == "deb" }.max { modified($0) < modified($1) }?.path
    }()

    static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The condition of the package suites: run when there is a package, and always under CI.
    static var shouldTest: Bool { path != nil || underCI }

    static func require() throws -> String {
        guard let path, FileManager.default.fileExists(atPath: path) else {
            throw Missing(description: "no vigil package (VIGIL_PACKAGE=\(path ?? "unset")): run scripts/package, or scripts/test, which builds one")
        }
        return path
    }

    /// `dpkg-deb -f PACKAGE FIELD`.
    static func field(_ name: String) throws -> String {
        let result = try ExternalTool.run("/usr/bin/dpkg-deb", ["-f", try require(), name])
        guard result.status == 0 else { throw Missing(description: "dpkg-deb -f: \(result.standardError)") }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The package's files, unpacked once (`dpkg-deb -x`) into a folder of their own.
    static func unpacked() throws -> URL {
        try unpackedTree.get()
    }

    private static let unpackedTree: Result<URL, Error> = Result {
        let deb = try require()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-unpacked-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let result = try ExternalTool.run("/usr/bin/dpkg-deb", ["-x", deb, root.path])
        guard result.status == 0 else { throw Missing(description: "dpkg-deb -x \(deb): \(result.standardError)") }
        return root
    }
}
