import Foundation

/// Where the tests find the repository's files and the built `vigil` executable.
public enum RepositoryPaths {
    /// The repository root, found from this file's own path.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func file(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The folder SwiftPM builds products into (`.build/debug` or a `--scratch-path`), found from
    /// the running test bundle.
    public static let productsDirectory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        while url.path != "/" {
            if url.pathExtension == "xctest" { return url.deletingLastPathComponent() }
            url.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug")
    }()

    /// The `vigil` executable of this build; `scripts/test` builds it before the tests run.
    public static var vigilExecutable: URL { productsDirectory.appendingPathComponent("vigil") }
}
