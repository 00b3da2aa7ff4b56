import Foundation
import Glibc
import VigilTestSupport

/// A real Icinga 2 (Debian's `icinga2-bin`) run as a newcomer would run it beside Vigil: a
/// throwaway config folder whose CheckCommand runs the built `vigil check NAME --config …`, its
/// own data, log, cache, spool and run paths (`-D` defines instead of /etc/icinga2 and
/// /var/lib/icinga2), running as root in the foreground, and its REST API on 127.0.0.1 at a free
/// port with a local API user, through which the test reads back what Icinga recorded.
final class IcingaInstance {
    /// A service on the test host: the Vigil check it runs, from the Vigil config at `vigilConfig`.
    struct Service {
        var name: String
        var vigilCheck: String
        var vigilConfig: String
    }

    /// What Icinga stored as the service's last check result (`last_check_result` in the API).
    struct Recorded {
        var state: Int
        var exitStatus: Int
        var output: String
        var performanceData: [String]
        var command: [String]

        var firstLine: String { String(output.prefix(while: { $0 != "\n" })).trimmingCharacters(in: .whitespaces) }
    }

    static let executable = "/usr/sbin/icinga2"
    static let host = "vigil-host"

    let directory: ScratchDirectory
    let port: Int
    private let password: String
    private let process: BackgroundProcess

    /// The CheckCommand as docs/operations.md shows it, with the executable's path filled in.
    static func checkCommand(vigil: String) -> String {
        """
        object CheckCommand "vigil" {
          command = [ "\(vigil)", "check", "$vigil_check$" ]
          arguments = {
            "--config" = {
              value = "$vigil_config$"
              description = "Vigil's config file; unset, vigil reads /etc/vigil/vigil.toml and vigil.d"
            }
          }
        }
        """
    }

    init(services: [Service]) throws {
        directory = try ScratchDirectory()
        port = try LoopbackPort.free()
        password = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        for folder in ["data/certs", "log", "cache", "spool", "run"] {
            try FileManager.default.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true)
        }
        try Self.makeCertificate(in: directory.file("data/certs"), node: Self.host)
        try directory.write("icinga2.conf", Self.config(services: services, port: port, password: password))

        let root = directory.path
        let defines = [
            "NodeName": Self.host, "RunAsUser": "root", "RunAsGroup": "root",
            "DataDir": "\(root)/data", "LogDir": "\(root)/log", "CacheDir": "\(root)/cache", "SpoolDir": "\(root)/spool",
            "InitRunDir": "\(root)/run", "PidPath": "\(root)/run/icinga2.pid", "StatePath": "\(root)/data/icinga2.state",
            "ObjectsPath": "\(root)/cache/icinga2.debug", "VarsPath": "\(root)/cache/icinga2.vars",
            "ModAttrPath": "\(root)/data/modified-attributes.conf", "ZonesDir": "\(root)/zones.d",
        ].sorted(by: { $0.key < $1.key }).flatMap { ["-D", "\($0.key)=\($0.value)"] }
        // setsid: Icinga's umbrella process, its worker and its check helper share one new process
        // group, so that stopping kills them all (killing the umbrella alone orphans the worker).
        process = try BackgroundProcess(["/usr/bin/setsid", Self.executable, "daemon", "-c", directory.file("icinga2.conf")]
                                        + defines,
                                        environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                                                      "SWIFT_BACKTRACE": "enable=no"])
    }

    private static func config(services: [Service], port: Int, password: String) -> String {
        var text = """
            object Endpoint NodeName { }
            object Zone NodeName { endpoints = [ NodeName ] }
            object ApiListener "api" {
              bind_host = "127.0.0.1"
              bind_port = \(port)
            }
            object ApiUser "vigil-test" {
              password = "\(password)"
              permissions = [ "objects/query/*" ]
            }
            object CheckerComponent "checker" { }
            object Host "\(host)" {
              check_command = "dummy"
              enable_active_checks = false
            }

            """
        text += checkCommand(vigil: RepositoryPaths.vigilExecutable.path) + "\n"
        for service in services {
            text += """
                object Service "\(service.name)" {
                  host_name = "\(host)"
                  check_command = "vigil"
                  vars.vigil_check = "\(service.vigilCheck)"
                  vars.vigil_config = "\(service.vigilConfig)"
                  max_check_attempts = 1
                  check_interval = 2s
                  retry_interval = 2s
                }

                """
        }
        return "include <itl>\n" + text
    }

    /// The service's last check result once Icinga has one, read over the REST API; nil if none
    /// came within `timeout` (Icinga's output so far is in `log`).
    func waitForCheckResult(of service: String, timeout: Duration = .seconds(90)) throws -> Recorded? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let recorded = try lastCheckResult(of: service) { return recorded }
            usleep(200_000)
        }
        return nil
    }

    private func lastCheckResult(of service: String) throws -> Recorded? {
        let url = "https://127.0.0.1:\(port)/v1/objects/services/\(Self.host)!\(service)?attrs=last_check_result"
        // -k: the listener's certificate is the self-signed one made for this run.
        let answer = try ExternalTool.run("/usr/bin/curl", ["-sk", "--max-time", "10", "-H", "Accept: application/json",
                                                            "-u", "vigil-test:\(password)", url])
        guard answer.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(answer.standardOutput.utf8)) as? [String: Any],
              let results = object["results"] as? [[String: Any]],
              let attributes = results.first?["attrs"] as? [String: Any],
              let result = attributes["last_check_result"] as? [String: Any]
        else { return nil }
        return Recorded(state: (result["state"] as? NSNumber)?.intValue ?? -1,
                        exitStatus: (result["exit_status"] as? NSNumber)?.intValue ?? -1,
                        output: result["output"] as? String ?? "",
                        performanceData: result["performance_data"] as? [String] ?? [],
                        command: result["command"] as? [String] ?? [])
    }

    /// How Icinga itself reads one item of performance data (its `parse_performance_data`, which
    /// feeds its metric writers): label, value, unit (normalised: `percent`, `seconds`, …), warn,
    /// crit, min, max; JSON null where Icinga kept nothing.
    static func parsePerformanceData(_ item: String) throws -> [String: Any] {
        let literal = "\"" + item.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let answer = try ExternalTool.run(executable, ["console", "-e", "parse_performance_data(\(literal))"])
        let line = answer.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        guard answer.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw ScratchError("icinga2 console could not parse \(item): \(answer)") }
        return object
    }

    /// What Icinga printed (its console log).
    var log: String { process.printed }

    /// Stops the whole process group: SIGTERM, a grace for Icinga's own shutdown, then SIGKILL to
    /// what is left, while the leader is still unreaped (so the group id cannot have been reused).
    func stop() {
        guard !stopped else { return }
        stopped = true
        let group = process.pid
        kill(-group, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(20)
        while !Self.isZombie(group), ContinuousClock.now < deadline { usleep(50_000) }
        kill(-group, SIGKILL)
        _ = process.waitForExit(timeout: .seconds(10))
    }

    private var stopped = false

    /// Whether the process has exited but is not reaped yet (state `Z` in /proc/PID/stat).
    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: end)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    deinit { stop() }

    /// A self-signed certificate for the node, doubling as the CA the listener insists on loading.
    private static func makeCertificate(in folder: String, node: String) throws {
        let made = try ExternalTool.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(node)",
            "-keyout", "\(folder)/\(node).key", "-out", "\(folder)/\(node).crt",
        ])
        guard made.status == 0 else { throw ScratchError("openssl req failed: \(made.standardError)") }
        try FileManager.default.copyItem(atPath: "\(folder)/\(node).crt", toPath: "\(folder)/ca.crt")
    }
}
