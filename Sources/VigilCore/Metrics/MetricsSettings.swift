/// `[metrics]`: the Prometheus listener. Off while the table is absent.
public struct MetricsSettings: Sendable, Equatable {
    public static let defaultListen = ListenAddress(host: "127.0.0.1", port: 9464)

    public var listen: ListenAddress

    public init(listen: ListenAddress = defaultListen) {
        self.listen = listen
    }
}
