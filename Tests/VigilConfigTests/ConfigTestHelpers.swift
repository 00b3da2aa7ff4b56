import VigilConfig
import VigilCore

/// Shorthands for the suites: parse texts in memory and get either side of the result.
enum ConfigTestHelpers {
    /// A database every check text can refer to, so cases only state what they are about.
    static let databasePreamble = """
        [database.main]
        conninfo = "host=/tmp dbname=x"

        """

    static func errors(_ text: String, file: String = "bad.toml") -> [ConfigError] {
        errors(files: [(file, text)])
    }

    static func errors(files: [(name: String, text: String)]) -> [ConfigError] {
        switch ConfigLoader.parse(files: files) {
        case .success: return []
        case .failure(let failure): return failure.errors
        }
    }

    static func configuration(_ text: String, file: String = "good.toml") -> VigilConfiguration? {
        configuration(files: [(file, text)])
    }

    static func configuration(files: [(name: String, text: String)]) -> VigilConfiguration? {
        try? ConfigLoader.parse(files: files).get()
    }
}
