import FoundationEssentials
import Glibc
import VigilCore
import VigilProcess

/// Reads OpenAPI documents through `vigil-openapi`, the helper installed beside `vigil`: the YAML
/// parser lives in that process, so the daemon neither carries it nor can be taken down by a
/// hostile document. The helper prints the document as the core's `ContractDocument` in JSON.
public struct OpenAPIHelper: Sendable {
    public let executable: String

    public init(executable: String = OpenAPIHelper.defaultExecutable) { self.executable = executable }

    /// Why a document could not be had, with vigil-openapi's own exit status when it got to say:
    /// 66 a document that cannot be read, 65 one that is not OpenAPI 3.0 or 3.1.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public let helperStatus: Int32?

        init(_ description: String, helperStatus: Int32? = nil) {
            self.description = description
            self.helperStatus = helperStatus
        }
    }

    /// Beside the running executable (`/usr/bin/vigil-openapi`, `.build/debug/vigil-openapi`), or
    /// in `../libexec/vigil/` from it, where the package puts it.
    public static var defaultExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/usr/bin/vigil"
        let directory = own.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let beside = directory + "/vigil-openapi"
        if access(beside, X_OK) == 0 { return beside }
        let parent = directory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return parent + "/libexec/vigil/vigil-openapi"
    }

    /// The document in a file.
    public func read(file: String, until deadline: ContinuousClock.Instant) throws(Failure) -> ContractDocument {
        try run(ChildCommand(argv: [executable, file], environment: [:]), until: deadline)
    }

    /// A document fetched from `name` (its URL), given as its bytes.
    public func read(bytes: [UInt8], name: String, until deadline: ContinuousClock.Instant) throws(Failure) -> ContractDocument {
        try run(ChildCommand(argv: [executable, "--stdin", name], environment: [:], standardInput: bytes), until: deadline)
    }

    func run(_ command: ChildCommand, until deadline: ContinuousClock.Instant) throws(Failure) -> ContractDocument {
        let result: ChildResult
        do {
            result = try ChildProcess.run(command, deadline: deadline, stdout: .first(64 << 20))
        } catch {
            throw Failure("cannot read OpenAPI documents: \(error.description) (vigil-openapi is installed beside vigil)")
        }
        if result.timedOut { throw Failure("reading \(command.argv.last!) took longer than the check's timeout") }
        guard case .exited(let status) = result.termination, status == 0 else {
            let reason = result.stderr.split(separator: "\n").first.map(String.init) ?? "vigil-openapi \(result.termination)"
            if case .exited(let status) = result.termination { throw Failure(reason, helperStatus: status) }
            throw Failure(reason)
        }
        do {
            return try JSONDecoder().decode(ContractDocument.self, from: Data(result.stdout.utf8))
        } catch {
            throw Failure("vigil-openapi's answer for \(command.argv.last!) could not be read: \(error)")
        }
    }
}
