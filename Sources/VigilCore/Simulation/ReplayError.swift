/// Everything wrong with a replay, each problem on its line, so one run shows them all.
public struct ReplayError: Error, Sendable, Equatable {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based, as editors count.
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        /// `line N: problem`.
        public var description: String { "line \(line): \(message)" }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }
}
