import Testing
import VigilCore

@Suite struct CheckSetChangeTests {
    @Test func sortsChecksIntoAddedRemovedChangedAndUnchanged() {
        let memory = CheckDefinition(name: "memory", kind: .memory)
        let disk = CheckDefinition(name: "disk", kind: .disk(path: "/"))
        let api = CheckDefinition(name: "api", kind: .http(HTTPCheckSettings(url: "http://127.0.0.1/health")))
        var slowerDisk = disk
        slowerDisk.interval = .seconds(60)
        let oldDatabase = CheckDefinition(name: "database", kind: .postgres(PostgresCheckSettings(database: "a")))

        let change = CheckSetChange(from: [memory, disk, oldDatabase], to: [memory, slowerDisk, api])
        #expect(change.added.map(\.name) == ["api"])
        #expect(change.removed == ["database"])
        #expect(change.changed == [slowerDisk])
        #expect(change.unchanged == ["memory"])
        #expect(change.summary == "1 added, 1 removed, 1 changed, 1 unchanged")
    }

    @Test func identicalSetsChangeNothing() {
        let checks = [CheckDefinition(name: "memory", kind: .memory)]
        let change = CheckSetChange(from: checks, to: checks)
        #expect(change.added.isEmpty && change.removed.isEmpty && change.changed.isEmpty)
        #expect(change.unchanged == ["memory"])
    }
}
