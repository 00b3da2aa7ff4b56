import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `[metrics]` in the real daemon: scraped by Debian's real Prometheus, read back through its
/// HTTP API; a reload that cannot bind keeps the old listener; a flood of connections neither
/// slows the checks nor grows the daemon.
@Suite("vigil run: metrics", .serialized)
struct MetricsDaemonTests {
    static let anyLoopbackPort = "[metrics]\nlisten = \"127.0.0.1:0\"\n\n"

    /// The address the daemon bound, from status.json.
    static func listening(_ daemon: DaemonProcess) async -> String? {
        _ = await waitUntil(timeout: .seconds(10)) { daemon.document?.metrics?.listen != nil }
        return daemon.document?.metrics?.listen
    }

    static func scrape(_ address: String) throws -> ExternalTool.Output {
        try ExternalTool.run("/usr/bin/curl", ["-sS", "--fail", "--max-time", "5", "http://\(address)/metrics"])
    }

    /// The sum of a counter's series in one scrape.
    static func total(_ family: String, in exposition: String) -> Double {
        exposition.split(separator: "\n").filter { $0.hasPrefix(family + "{") || $0.hasPrefix(family + " ") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    static func residentBytes(of pid: Int32) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return ResourceReadings.processResidentBytes(status) ?? 0
    }

    @Test("a real Prometheus scrapes vigil: up, a failing check's status and confirmed status, a histogram's _count, the build; promtool finds the exposition clean")
    func scrapedByPrometheus() async throws {
        let healthy = TestConfig.uniqueName("mem"), failing = TestConfig.uniqueName("down")
        let daemon = try DaemonProcess(body: Self.anyLoopbackPort + TestConfig.memory(healthy) + TestConfig.dummy(failing, code: 2, message: "down"))
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        let address = try #require(await Self.listening(daemon), "no metrics address in status.json: \(daemon.output)")
        #expect(address.hasPrefix("127.0.0.1:") && daemon.output.contains("metrics served at http://\(address)/metrics"))

        let prometheus = try PrometheusInstance(scraping: [address])
        func value(_ expression: String) -> Double? { (try? prometheus.query(expression))?.first?.value }
        #expect(await waitUntil(timeout: .seconds(30)) { value("up{job=\"vigil\"}") == 1 }, "Prometheus never scraped vigil")
        #expect(await waitUntil(timeout: .seconds(20)) { value("vigil_check_confirmed_status{check=\"\(failing)\"}") == 2 })
        #expect(value("vigil_check_status{check=\"\(failing)\",kind=\"command\",severity=\"P1\"}") == 2)
        #expect(value("vigil_check_status{check=\"\(healthy)\"}") == 0)
        #expect((value("vigil_check_duration_seconds_count{check=\"\(healthy)\"}") ?? 0) >= 1)
        #expect((value("vigil_check_results_total{check=\"\(failing)\",status=\"critical\"}") ?? 0) >= 1)
        #expect(value("vigil_check_state_changes_total{check=\"\(failing)\",status=\"critical\"}") == 1)
        #expect(try prometheus.query("vigil_build_info").first?.labels["version"]?.isEmpty == false)
        #expect((value("process_resident_memory_bytes{job=\"vigil\"}") ?? 0) > 1_000_000)

        let exposition = try Self.scrape(address).standardOutput
        let checked = try ExternalTool.run("/usr/bin/promtool", ["check", "metrics"], input: exposition)
        #expect(checked.status == 0 && checked.standardOutput.isEmpty && checked.standardError.isEmpty,
                "promtool: \(checked.standardOutput)\(checked.standardError)")
    }

    @Test("reload: an address in use keeps the old listener and says why; a non-loopback address is served and journaled as a warning")
    func reload() async throws {
        try JournalReader.requirePrivateJournald()
        let check = TestConfig.memory(TestConfig.uniqueName("mem"))
        let daemon = try DaemonProcess(body: Self.anyLoopbackPort + check, logTarget: "journal")
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        let first = try #require(await Self.listening(daemon))

        let busy = try LoopbackHTTPServer()
        try daemon.rewriteConfig(body: "[metrics]\nlisten = \"127.0.0.1:\(busy.port)\"\n\n" + check)
        daemon.process.signal(SIGHUP)
        let refused = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.daemonError.messageID)",
                                                                       "_PID=\(daemon.process.pid)"], timeout: .seconds(15)).first)
        #expect(refused["MESSAGE"] == "metrics are not served; still serving on \(first): cannot listen on 127.0.0.1:\(busy.port) for metrics: "
                    + "the port is in use by another program (`ss -ltnp` shows which)", "\(refused)")
        #expect(try Self.scrape(first).status == 0, "the old listener still serves")
        #expect(await waitUntil { daemon.document?.metrics?.error?.contains("in use") == true })
        #expect(daemon.document?.metrics?.listen == first)
        let status = try VigilInvocation.run(["status", "--config", daemon.configPath])
        #expect(status.standardOutput.contains("metrics: not served: cannot listen on 127.0.0.1:\(busy.port) for metrics: the port is in use")
                && status.standardOutput.contains("(still serving http://\(first)/metrics)"), "\(status.standardOutput)")

        try daemon.rewriteConfig(body: "[metrics]\nlisten = \":0\"\n\n" + check)
        daemon.process.signal(SIGHUP)
        let open = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.metricsListening.messageID)",
                                                                    "_PID=\(daemon.process.pid)", "LOOPBACK=0"], timeout: .seconds(15)).first)
        #expect(open["PRIORITY"] == "4" && open["MESSAGE"]?.contains("which other hosts can reach") == true, "\(open)")
        let moved = try #require(open["METRICS_LISTEN"])
        #expect(moved.hasPrefix("0.0.0.0:") && moved != first)
        #expect(await waitUntil { daemon.document?.metrics?.listen == moved && daemon.document?.metrics?.error == nil })
        #expect(try Self.scrape("127.0.0.1:" + moved.dropFirst("0.0.0.0:".count)).status == 0)
        #expect(await waitUntil { (try? Self.scrape(first).status) != 0 }, "the old listener is closed once the new one serves")
    }

    @Test("a scrape never waits for the decision loop: with the loop wedged, /metrics still answers, its results counter standing still")
    func scrapeWhileTheLoopIsWedged() async throws {
        let name = TestConfig.uniqueName("mem")
        let daemon = try DaemonProcess(body: Self.anyLoopbackPort + TestConfig.memory(name, interval: "200ms", timeout: "150ms"),
                                       arguments: ["--debug-wedge-loop-after", "2s"])
        defer { daemon.process.signal(SIGKILL) }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        let address = try #require(await Self.listening(daemon))
        #expect(await waitUntil(timeout: .seconds(10)) { daemon.output.contains("wedging the decision loop") }, "\(daemon.output)")
        pause(.milliseconds(500))
        let first = try Self.scrape(address)
        pause(.seconds(1))
        let second = try Self.scrape(address)
        #expect(first.status == 0 && second.status == 0, "\(first.standardError)\(second.standardError)")
        let before = Self.total("vigil_check_results_total", in: first.standardOutput)
        #expect(before > 0 && Self.total("vigil_check_results_total", in: second.standardOutput) == before,
                "the loop is wedged: no result recorded between the scrapes")
        #expect(second.standardOutput.contains("process_resident_memory_bytes "))
    }

    @Test("10,000 connections at once that never finish a request: the checks keep their pace and the daemon's memory stays within 32 MB")
    func connectionFlood() async throws {
        let name = TestConfig.uniqueName("mem")
        let daemon = try DaemonProcess(body: Self.anyLoopbackPort + TestConfig.memory(name, interval: "200ms", timeout: "150ms"))
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        let address = try #require(await Self.listening(daemon))
        let port = String(address.split(separator: ":").last!)
        let pid = daemon.process.pid

        // The pace of results with nobody connecting, then with the flood on: one run, two windows.
        func resultsPerSecond(during work: () throws -> Void) throws -> Double {
            let start = ContinuousClock.now
            let before = Self.total("vigil_check_results_total", in: try Self.scrape(address).standardOutput)
            try work()
            let after = Self.total("vigil_check_results_total", in: try Self.scrape(address).standardOutput)
            let elapsed = (ContinuousClock.now - start).components
            return (after - before) / (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }
        pause(.seconds(2))
        let residentBefore = Self.residentBytes(of: pid)
        let quiet = try resultsPerSecond { pause(.seconds(6)) }
        var residentPeak = residentBefore
        var figures: [String: Int] = [:]
        let loaded = try resultsPerSecond {
            let flood = try BackgroundProcess(["/usr/bin/python3", RepositoryPaths.file("Tests/Fixtures/connection_flood.py").path,
                                               "127.0.0.1", port, "10000", "6", "64"])
            while flood.waitForExit(timeout: .milliseconds(200)) == nil {
                residentPeak = max(residentPeak, Self.residentBytes(of: pid))
            }
            figures = (try? JSONSerialization.jsonObject(with: Data(flood.printed.utf8)) as? [String: Int]) ?? [:]
        }
        let connected = figures["connected"] ?? 0
        print("flood: \(figures); results/s quiet \(quiet), flooded \(loaded); RSS \(Int(residentBefore / 1e6)) MB before, peak \(Int(residentPeak / 1e6)) MB")
        #expect(connected >= 5000, "the flood reached the listener: \(figures)")
        #expect((figures["closed_by_server"] ?? 0) >= connected - 64, "past the limit of 64 each connection is closed at once: \(figures)")
        #expect(loaded >= 0.8 * quiet, "results per second: \(quiet) quiet, \(loaded) under the flood")
        #expect(residentPeak - residentBefore < 32e6, "RSS \(residentBefore) before, \(residentPeak) at the peak")
    }
}
