import FoundationEssentials

/// `status.json`: the health report (its keys at the top, as before), what the engine decided,
/// and who wrote it, so `vigil status` can tell a live daemon from a file left behind.
public struct StatusDocument: Codable, Equatable, Sendable {
    /// The daemon that wrote the file.
    public struct Writer: Codable, Equatable, Sendable {
        public var pid: Int32
        public var version: String
        public var startedAt: Date

        public init(pid: Int32, version: String, startedAt: Date) {
            self.pid = pid
            self.version = version
            self.startedAt = startedAt
        }
    }

    public var report: HealthReport
    public var decisions: DecisionSnapshot
    public var daemon: Writer?
    /// The daemon's own backups, when `[backup]` has a schedule.
    public var backups: BackupScheduleView?
    /// The incidents not resolved yet (open or acknowledged), in the order they opened.
    public var incidents: [IncidentView]
    /// The notifications waiting in the outbox (delivered ones leave it).
    public var notifications: OutboxSummary
    /// The maintenance windows and silences in force.
    public var maintenance: [MaintenanceView] = []
    /// The running release and the last known good, when `[release]` is configured.
    public var release: ReleaseView?
    /// Who leads the hosts of `[coordination]`, while some plan is `exclusive`.
    public var coordination: CoordinationView?
    /// Each `[[sample]]`: its window, mean, last reading and findings.
    public var samples: [SampleView] = []
    /// `[metrics]`: where Prometheus scrapes, or why it cannot.
    public var metrics: MetricsView?

    public init(report: HealthReport, decisions: DecisionSnapshot = DecisionSnapshot(), daemon: Writer? = nil,
                backups: BackupScheduleView? = nil, incidents: [IncidentView] = [], notifications: OutboxSummary = OutboxSummary(),
                maintenance: [MaintenanceView] = [], release: ReleaseView? = nil, coordination: CoordinationView? = nil,
                samples: [SampleView] = [], metrics: MetricsView? = nil) {
        self.report = report
        self.decisions = decisions
        self.daemon = daemon
        self.backups = backups
        self.incidents = incidents
        self.notifications = notifications
        self.maintenance = maintenance
        self.release = release
        self.coordination = coordination
        self.samples = samples
        self.metrics = metrics
    }

    private enum CodingKeys: String, CodingKey { case decisions, daemon, backups, incidents, notifications, maintenance, release, coordination, samples, metrics }

    public init(from decoder: any Decoder) throws {
        report = try HealthReport(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        decisions = try container.decodeIfPresent(DecisionSnapshot.self, forKey: .decisions) ?? DecisionSnapshot()
        daemon = try container.decodeIfPresent(Writer.self, forKey: .daemon)
        backups = try container.decodeIfPresent(BackupScheduleView.self, forKey: .backups)
        incidents = try container.decodeIfPresent([IncidentView].self, forKey: .incidents) ?? []
        notifications = try container.decodeIfPresent(OutboxSummary.self, forKey: .notifications) ?? OutboxSummary()
        maintenance = try container.decodeIfPresent([MaintenanceView].self, forKey: .maintenance) ?? []
        release = try container.decodeIfPresent(ReleaseView.self, forKey: .release)
        coordination = try container.decodeIfPresent(CoordinationView.self, forKey: .coordination)
        samples = try container.decodeIfPresent([SampleView].self, forKey: .samples) ?? []
        metrics = try container.decodeIfPresent(MetricsView.self, forKey: .metrics)
    }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decisions, forKey: .decisions)
        try container.encodeIfPresent(daemon, forKey: .daemon)
        try container.encodeIfPresent(backups, forKey: .backups)
        try container.encode(incidents, forKey: .incidents)
        try container.encode(notifications, forKey: .notifications)
        try container.encode(maintenance, forKey: .maintenance)
        try container.encodeIfPresent(release, forKey: .release)
        try container.encodeIfPresent(coordination, forKey: .coordination)
        if !samples.isEmpty { try container.encode(samples, forKey: .samples) }
        try container.encodeIfPresent(metrics, forKey: .metrics)
    }

    /// Pretty, sorted JSON with ISO 8601 dates, as people read the file; written every second,
    /// hence `TreeJSONEncoder` (the same text as `JSONEncoder`'s, for a fraction of the work).
    public func json() -> Data {
        (try? TreeJSONEncoder(prettyPrinted: true, dates: .iso8601).encode(self)) ?? Data()
    }

    public static func decode(json: Data) throws -> StatusDocument {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StatusDocument.self, from: json)
    }
}
