import FoundationEssentials
import VigilCore

/// The backups in a destination, newest first, each with what its manifest says (or why it
/// cannot be read). Hidden partial folders and anything not named like a backup are not listed.
public enum BackupCatalog {
    public struct Entry: Sendable {
        public enum State: Sendable {
            case complete(BackupManifest)
            case unreadable(String)
        }

        public var name: BackupName
        public var path: String
        public var state: State

        /// A readable manifest that says the backup was verified: what counts as a backup.
        public var isVerified: Bool {
            if case .complete(let manifest) = state { manifest.verification.verified } else { false }
        }
    }

    /// The verified backups' names, newest first.
    public static func verified(destination: String) -> [BackupName] {
        list(destination: destination).filter(\.isVerified).map(\.name)
    }

    public static func list(destination: String) -> [Entry] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []).compactMap(BackupName.init(folder:))
        return names.sorted(by: >).map { name in
            let path = destination + "/" + name.description
            do throws(BackupError) {
                return Entry(name: name, path: path, state: .complete(try BackupVerifier.readManifest(folder: path)))
            } catch {
                return Entry(name: name, path: path, state: .unreadable(error.reason))
            }
        }
    }
}
