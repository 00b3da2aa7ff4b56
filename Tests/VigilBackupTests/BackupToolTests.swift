import Foundation
import Testing
@testable import VigilBackup

/// A real failing tool: what it says last, at the end of a long stderr, is the reason given.
@Suite struct BackupToolTests {
    @Test func theErrorLineAfterALongStderrIsTheReason() throws {
        // 200 KB of notices, then PostgreSQL's shape of failure: the error line, then a detail.
        let script = "seq 1 40000 | sed 's/^/pg_dump: notice: /' >&2; "
            + "echo 'pg_dump: error: query failed: ERROR:  permission denied for table ledger' >&2; "
            + "echo 'pg_dump: detail: Query was: LOCK TABLE public.ledger IN ACCESS SHARE MODE' >&2; exit 1"
        #expect(throws: BackupError(step: "pg_dump", "/bin/sh exited with code 1: "
                                    + "pg_dump: error: query failed: ERROR:  permission denied for table ledger")) {
            try BackupTool.run(["/bin/sh", "-c", script], step: "pg_dump", deadline: .now + .seconds(30))
        }
    }

    @Test func aCutStderrsFirstFragmentIsNoLine() {
        #expect(BackupTool.reason(in: "ror: cut\nlast words\n", cut: true) == "last words")
        #expect(BackupTool.reason(in: "tool: error: whole\nlast words\n") == "tool: error: whole")
    }
}
