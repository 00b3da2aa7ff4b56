import Foundation
import Testing
import VigilTestSupport

/// The package's man pages: generated from the command definitions (one page per command, as
/// `--help` describes it) and from docs/configuration.md, and rendered by man without a warning.
@Suite(.enabled(if: BuiltPackage.shouldTest, "no vigil package: run scripts/package"))
struct ManPageTests {
    private func page(_ name: String, section: Int) throws -> URL {
        try BuiltPackage.unpacked().appendingPathComponent("usr/share/man/man\(section)/\(name).\(section).gz")
    }

    /// `man -l PAGE` as lintian runs it (warnings on, 120 columns): its text, and what groff said.
    private func render(_ page: URL, width: Int = 120) throws -> ExternalTool.Output {
        try ExternalTool.run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "MANWIDTH=\(width)", "MANROFFSEQ=",
                                              "man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", page.path])
    }

    /// Rendered text with the formatting gone and every run of blanks one space; lines so wide
    /// that no word is hyphenated.
    private func plainText(_ page: URL) throws -> String {
        let output = try render(page, width: 2000).standardOutput
        // Bold and underline are `x\bx` and `_\bx` in man's terminal output.
        let plain = output.replacing(/.\u{08}/, with: "")
        // A word groff hyphenated at a line's end ("sys‐\n temd") is whole again.
        return plain.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacing("\u{2010} ", with: "")
    }

    @Test func everyCommandHasItsPage() throws {
        let commands = try CommandTree.load().all
        #expect(commands.count > 5)
        for command in commands {
            let url = try page(command.pageName, section: 1)
            #expect(FileManager.default.fileExists(atPath: url.path), "no man page \(command.pageName)(1)")
        }
        // And no page for a command that does not exist (a stale one, or `help`).
        let names = Set(commands.map { "\($0.pageName).1.gz" })
        let shipped = try FileManager.default.contentsOfDirectory(atPath: BuiltPackage.unpacked().appendingPathComponent("usr/share/man/man1").path)
        #expect(Set(shipped) == names)
    }

    /// Each page says what `--help` says: the command's abstract and every option it shows.
    @Test func eachPageDescribesItsCommandAndOptions() throws {
        for command in try CommandTree.load().all {
            let text = try plainText(page(command.pageName, section: 1))
            let abstract = command.abstract.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains(abstract), "\(command.pageName)(1) lacks its abstract: \(abstract)")
            for option in command.longOptions {
                #expect(text.contains("--\(option)"), "\(command.pageName)(1) lacks --\(option)")
            }
        }
    }

    @Test func everyPageRendersWithoutWarnings() throws {
        let root = try BuiltPackage.unpacked().appendingPathComponent("usr/share/man")
        var pages: [URL] = []
        for section in ["man1", "man5"] {
            let folder = root.appendingPathComponent(section)
            pages += try FileManager.default.contentsOfDirectory(atPath: folder.path).map { folder.appendingPathComponent($0) }
        }
        #expect(pages.count > 6)
        for page in pages {
            let result = try render(page)
            #expect(result.status == 0, "\(page.lastPathComponent): exit \(result.status)")
            #expect(result.standardError.isEmpty, "\(page.lastPathComponent): \(result.standardError)")
            #expect(result.standardOutput.count > 200, "\(page.lastPathComponent) renders almost nothing")
        }
    }

    /// vigil.toml(5) is docs/configuration.md: every section and key table of the reference is in it.
    @Test func theConfigurationPageIsTheReference() throws {
        let text = try plainText(page("vigil.toml", section: 5))
        #expect(text.contains("NAME vigil.toml - configuration of the Vigil health monitor"))
        let reference = try String(contentsOf: RepositoryPaths.file("docs/configuration.md"), encoding: .utf8)
        let headings = reference.split(separator: "\n").filter { $0.hasPrefix("### ") || $0.hasPrefix("#### ") }
        #expect(headings.count > 10)
        for heading in headings {
            let title = heading.drop { $0 == "#" || $0 == " " }.replacing("`", with: "")
            #expect(text.contains(title), "vigil.toml(5) lacks the section \(title)")
        }
        // A table row: the key, then its columns as tagged lines.
        #expect(text.contains("stop_timeout type: duration"))
    }
}
