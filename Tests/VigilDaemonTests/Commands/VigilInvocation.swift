import Foundation
import VigilTestSupport

/// Runs the built `vigil` to completion (validate, check, --help): exit code, stdout, stderr.
enum VigilInvocation {
    static func run(_ arguments: [String]) throws -> ExternalTool.Output {
        try ExternalTool.run(RepositoryPaths.vigilExecutable.path, arguments)
    }

    /// Writes `body` as a config (mode 0644 unless told) in `directory` and runs `vigil <arguments> --config <it>`.
    static func run(_ arguments: [String], body: String, in directory: ScratchDirectory,
                    mode: mode_t = 0o644) throws -> ExternalTool.Output {
        let path = try directory.write("vigil.toml", body, mode: mode)
        return try run(arguments + ["--config", path])
    }
}
