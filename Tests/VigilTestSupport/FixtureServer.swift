import Foundation
import Glibc

/// A server script of `Tests/Fixtures` that prints its loopback port on its first line, and a
/// folder of its own (`mkdtemp`) for the files the test switches it with.
public enum FixtureServer {
    public static func folder(_ prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError("mkdtemp: \(String(cString: strerror(errno)))") }
        return String(cString: made)
    }

    /// `python3 -u Tests/Fixtures/SCRIPT ARGUMENTS…`, once it has printed its port.
    public static func start(_ script: String, _ arguments: [String]) throws -> (process: BackgroundProcess, port: Int) {
        let process = try BackgroundProcess(["/usr/bin/python3", "-u", RepositoryPaths.file("Tests/Fixtures/" + script).path] + arguments)
        guard process.waitForOutput(containing: "\n"), let port = Int(process.printed.prefix(while: { $0 != "\n" })) else {
            throw TestSupportError("\(script) printed no port: \(process.printed)")
        }
        return (process, port)
    }
}
