import Foundation
import Testing
import VigilCore

/// The manifest's row counts: written with every backup, absent from manifests made before them.
@Suite struct BackupManifestTests {
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static func manifest(tables: [BackupManifest.TableRows]?) -> BackupManifest {
        BackupManifest(name: BackupName(createdAt: Date(timeIntervalSince1970: 2_000_000_000)), finishedAt: Date(timeIntervalSince1970: 2_000_000_060),
                       tools: ["pg_dump": "pg_dump (PostgreSQL) 15.13"],
                       database: .init(name: "main", serverVersion: "15.13", sizeBytes: 1),
                       artefacts: [.init(path: "database.dump", kind: .databaseDump, source: "main", bytes: 1, sha256: "00")],
                       verification: .init(verified: true, steps: ["checksums: 1 files match"], checkedAt: Date(timeIntervalSince1970: 2_000_000_060)),
                       tables: tables)
    }

    @Test func countsAreWrittenAsTableAndRowsAndReadBack() throws {
        let manifest = Self.manifest(tables: [.init(table: "public.events", rows: 1234)])
        let text = String(decoding: try Self.encoder.encode(manifest), as: UTF8.self)
        #expect(text.contains(#""tables":[{"rows":1234,"table":"public.events"}]"#))
        #expect(try Self.decoder.decode(BackupManifest.self, from: Data(text.utf8)) == manifest)
    }

    @Test func aManifestWithoutCountsStillReads() throws {
        let text = String(decoding: try Self.encoder.encode(Self.manifest(tables: nil)), as: UTF8.self)
        #expect(!text.contains("tables"))
        #expect(try Self.decoder.decode(BackupManifest.self, from: Data(text.utf8)).tables == nil)
    }
}
