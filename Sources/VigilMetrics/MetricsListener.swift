import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import VigilCore

/// The HTTP/1 listener that serves `/metrics`, on one event-loop thread of its own: a scrape is
/// answered there from the registry, never by the decision loop. A flood cannot grow it without
/// bound: past `maxConnections` a new connection is closed at once, an idle one after `idleTimeout`,
/// and request bodies are read and dropped.
public final class MetricsListener: Sendable {
    public struct Limits: Sendable {
        public var maxConnections = 64
        public var idleTimeout: TimeAmount = .seconds(10)
        public init() {}
    }

    /// Where it listens: the configured address, with the port the kernel gave for port 0.
    public let address: ListenAddress
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    private init(address: ListenAddress, channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.address = address
        self.channel = channel
        self.group = group
    }

    /// Binds and starts serving; a port in use or an address not on this host is an error that says so.
    public static func start(at address: ListenAddress, limits: Limits = Limits(),
                             render: @escaping @Sendable () -> [UInt8]) throws(MetricsListenerError) -> MetricsListener {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let open = OpenConnections(limit: limits.maxConnections)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { channel in
                guard open.admit() else {
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in open.leave() }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: limits.idleTimeout))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(MetricsRequestHandler(render: render))
                }
            }
        do {
            let channel = try bootstrap.bind(host: address.host, port: address.port).wait()
            let port = channel.localAddress?.port ?? address.port
            return MetricsListener(address: ListenAddress(host: address.host, port: port), channel: channel, group: group)
        } catch {
            try? group.syncShutdownGracefully()
            throw MetricsListenerError(address: address, reason: Self.describe(error))
        }
    }

    /// Stops listening; connections in flight are dropped with the thread.
    public func close() {
        let group = group
        channel.close().whenComplete { _ in
            group.shutdownGracefully { _ in }
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE: return "the port is in use by another program (`ss -ltnp` shows which)"
            case EADDRNOTAVAIL: return "no interface of this host has that address"
            case EACCES: return "permission denied (ports below 1024 need CAP_NET_BIND_SERVICE)"
            default: return "\(io)"
            }
        }
        return "\(error)"
    }
}

/// A listener that could not start: the address and why, for the journal and `vigil validate`.
public struct MetricsListenerError: Error, Sendable, CustomStringConvertible {
    public var address: ListenAddress
    public var reason: String
    public var description: String { "cannot listen on \(address) for metrics: \(reason)" }
}

/// How many connections are open, across the listener's thread.
private final class OpenConnections: Sendable {
    private let count = Atomic<Int>(0)
    private let limit: Int
    init(limit: Int) { self.limit = limit }

    func admit() -> Bool {
        if count.add(1, ordering: .relaxed).newValue > limit {
            count.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() { count.subtract(1, ordering: .relaxed) }
}
