import Foundation
import Glibc

/// Hosts made of network namespaces, each joined to this one by a veth pair of its own: the host
/// side is `gateway` (where a server here listens), the namespace side `address`. A host is cut off
/// by setting its link down, as a partition would, and joined again by setting it up. Everything is
/// removed at deinit. Needs root (`ip netns`).
public final class NetworkHosts: @unchecked Sendable {
    public struct Host: Sendable {
        public let namespace: String
        /// The namespace's address.
        public let address: String
        /// This side's address on the host's link: reachable from the namespace only.
        public let gateway: String
        let hostLink: String
        let peerLink: String

        /// The argv prefix that runs a command inside the host.
        public var launcher: [String] { ["/usr/sbin/ip", "netns", "exec", namespace] }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let hosts: [Host]

    public init(count: Int) throws {
        // Interface names have at most 15 bytes; the pid keeps two test processes apart.
        let tag = getpid() % 100_000
        hosts = (1...count).map { index in
            Host(namespace: "vigil-\(tag)-\(index)", address: "10.77.\(index).2", gateway: "10.77.\(index).1",
                 hostLink: "vg\(tag)h\(index)", peerLink: "vg\(tag)p\(index)")
        }
        do {
            for host in hosts {
                try Self.ip(["netns", "add", host.namespace])
                try Self.ip(["link", "add", host.hostLink, "type", "veth", "peer", "name", host.peerLink])
                try Self.ip(["link", "set", host.peerLink, "netns", host.namespace])
                try Self.ip(["addr", "add", "\(host.gateway)/24", "dev", host.hostLink])
                try Self.ip(["link", "set", host.hostLink, "up"])
                try Self.ip(["netns", "exec", host.namespace, "/usr/sbin/ip", "addr", "add", "\(host.address)/24", "dev", host.peerLink])
                try Self.ip(["netns", "exec", host.namespace, "/usr/sbin/ip", "link", "set", host.peerLink, "up"])
                try Self.ip(["netns", "exec", host.namespace, "/usr/sbin/ip", "link", "set", "lo", "up"])
            }
        } catch {
            removeAll()
            throw error
        }
    }

    deinit {
        removeAll()
    }

    /// Cuts the host off: its side of the link goes down.
    public func partition(_ host: Host) throws {
        try Self.ip(["netns", "exec", host.namespace, "/usr/sbin/ip", "link", "set", host.peerLink, "down"])
    }

    /// Joins it again.
    public func heal(_ host: Host) throws {
        try Self.ip(["netns", "exec", host.namespace, "/usr/sbin/ip", "link", "set", host.peerLink, "up"])
    }

    private func removeAll() {
        for host in hosts {
            _ = try? ExternalTool.run("/usr/sbin/ip", ["link", "del", host.hostLink])
            _ = try? ExternalTool.run("/usr/sbin/ip", ["netns", "del", host.namespace])
        }
    }

    private static func ip(_ arguments: [String]) throws {
        let output = try ExternalTool.run("/usr/sbin/ip", arguments)
        guard output.status == 0 else {
            throw Failure(description: "ip \(arguments.joined(separator: " ")) failed: \(output.standardError)")
        }
    }
}
