/// One folder of the service: the configured one, else the first that systemd names in its
/// environment variable (`StateDirectory=`/`RuntimeDirectory=` may name several), else the default.
enum ServiceDirectory {
    static func path(configured: String?, variable: String, fallback: String, environment: [String: String]) -> String {
        configured ?? environment[variable].flatMap { $0.split(separator: ":").first.map(String.init) } ?? fallback
    }
}
