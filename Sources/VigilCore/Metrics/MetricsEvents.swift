extension JournalEvent {
    /// The listener is bound; an address other hosts can reach is a warning, since the metrics name
    /// every check and its state.
    public static func metricsListening(_ address: ListenAddress) -> JournalEvent {
        let url = "http://\(address)/metrics"
        let loopback = address.isLoopback
        return JournalEvent(kind: .metricsListening, priority: loopback ? .info : .warning,
                            message: loopback ? "metrics served at \(url)"
                                : "metrics served at \(url), which other hosts can reach: anyone who connects reads every check's name and state",
                            fields: [Field("METRICS_LISTEN", address.description), Field("LOOPBACK", loopback ? "1" : "0")])
    }
}
