import Logging
import VigilCore

/// A swift-log handler that sends free-form logs where Vigil's events go, so the journal (or the
/// console) holds one ordered story: `LOGGER` names the logger, metadata becomes fields.
public struct JournalLogHandler: LogHandler {
    public let label: String
    public let sink: any EventSink
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, sink: any EventSink, logLevel: Logger.Level = .info) {
        self.label = label
        self.sink = sink
        self.logLevel = logLevel
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        var fields = [JournalEvent.Field("LOGGER", label)]
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append(JournalEvent.Field(JournalEvent.fieldName(key), value.description))
        }
        if let error = event.error {
            fields.append(JournalEvent.Field("ERROR", String(describing: error)))
        }
        sink.write(JournalEvent(kind: nil, priority: Self.priority(for: event.level),
                                message: event.message.description, fields: fields))
    }

    /// swift-log's levels on syslog's scale; `trace` has no syslog twin and shares `debug`.
    public static func priority(for level: Logger.Level) -> JournalPriority {
        switch level {
        case .trace, .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
