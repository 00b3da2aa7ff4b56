import VigilCore

/// Reads Vigil's TOML configuration into a validated VigilConfiguration, reporting every error at once.
public enum ConfigLoader {
    /// The main file, then the drop-in directory (its `*.toml` in lexical order; it may be absent).
    public static let defaultPaths: [String] = ["/etc/vigil/vigil.toml", "/etc/vigil/vigil.d"]

    /// The default paths that may be missing without that being an error.
    static let optionalPaths: Set<String> = ["/etc/vigil/vigil.d"]

    /// Loads and validates; each path is a file or a directory of `*.toml` files. Collects every error,
    /// including files that are group- or world-writable and paths that do not exist.
    public static func load(paths: [String]) -> Result<VigilConfiguration, ConfigErrors> {
        let (files, readErrors) = ConfigFileReader.read(paths: paths, optionalPaths: optionalPaths)
        var assembler = ConfigurationAssembler()
        for error in readErrors { assembler.report(error) }
        for file in files { assembler.add(file: file.path, text: file.text) }
        return assembler.finish()
    }

    /// The same from texts in memory (`name` is the file name errors show); no permission check.
    public static func parse(files: [(name: String, text: String)]) -> Result<VigilConfiguration, ConfigErrors> {
        var assembler = ConfigurationAssembler()
        for file in files { assembler.add(file: file.name, text: file.text) }
        return assembler.finish()
    }
}
