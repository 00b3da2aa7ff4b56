import Foundation
import Testing
import VigilCore

@Suite struct CircuitBreakerTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    enum Event: Sendable {
        case request, success, failure(String)
    }

    /// One row: at `second` after t0 feed `event`, expect `actions` and then `state`.
    struct Row: Sendable {
        var second: Double
        var event: Event
        var actions: [CircuitBreaker.Action]
        var state: CircuitBreaker.State
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var rows: [Row]
        var testDescription: String { name }
    }

    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }

    /// Five failures at seconds 1...5: the breaker opens at second 5 with `last` as its error.
    static func opening(last: String = "e5") -> [Row] {
        (1...4).map { Row(second: Double($0), event: .failure("e\($0)"), actions: [], state: .closed(consecutiveFailures: $0)) }
            + [Row(second: 5, event: .failure(last),
                   actions: [.transition(from: .closed, to: .open, reason: "5 consecutive failures, last error: \(last)")],
                   state: .open(since: at(5), lastError: last))]
    }

    static let halfOpening = Row(second: 65, event: .request,
                                 actions: [.transition(from: .open, to: .halfOpen,
                                                       reason: "reset timeout 1m elapsed, letting one call through"), .callTarget],
                                 state: .halfOpen(successes: 0, callInFlight: true))

    static let scenarios: [Scenario] = [
        Scenario(name: "N-1 failures leave it closed and calling", rows:
            (1...4).map { Row(second: Double($0), event: .failure("refused"), actions: [], state: .closed(consecutiveFailures: $0)) }
            + [Row(second: 5, event: .request, actions: [.callTarget], state: .closed(consecutiveFailures: 4))]),
        Scenario(name: "N failures open it; open rejects with since and last error", rows: opening(last: "connection refused") + [
            Row(second: 6, event: .request,
                actions: [.rejectCall(reason: "circuit open since 2027-01-15T08:00:05Z, last error: connection refused")],
                state: .open(since: at(5), lastError: "connection refused")),
        ]),
        Scenario(name: "a success in CLOSED resets the failure count", rows: [
            Row(second: 1, event: .failure("x"), actions: [], state: .closed(consecutiveFailures: 1)),
            Row(second: 2, event: .failure("x"), actions: [], state: .closed(consecutiveFailures: 2)),
            Row(second: 3, event: .failure("x"), actions: [], state: .closed(consecutiveFailures: 3)),
            Row(second: 4, event: .failure("x"), actions: [], state: .closed(consecutiveFailures: 4)),
            Row(second: 5, event: .success, actions: [], state: .closed(consecutiveFailures: 0)),
            Row(second: 6, event: .failure("x"), actions: [], state: .closed(consecutiveFailures: 1)),
        ]),
        Scenario(name: "open until resetTimeout, then one trial call; others rejected while it is out", rows: opening() + [
            Row(second: 64.999, event: .request,
                actions: [.rejectCall(reason: "circuit open since 2027-01-15T08:00:05Z, last error: e5")],
                state: .open(since: at(5), lastError: "e5")),
            halfOpening,
            Row(second: 66, event: .request, actions: [.rejectCall(reason: "circuit half-open, a trial call is in flight")],
                state: .halfOpen(successes: 0, callInFlight: true)),
        ]),
        Scenario(name: "successThreshold trial successes close it", rows: opening() + [
            halfOpening,
            Row(second: 66, event: .success, actions: [], state: .halfOpen(successes: 1, callInFlight: false)),
            Row(second: 67, event: .request, actions: [.callTarget], state: .halfOpen(successes: 1, callInFlight: true)),
            Row(second: 68, event: .success, actions: [], state: .halfOpen(successes: 2, callInFlight: false)),
            Row(second: 69, event: .request, actions: [.callTarget], state: .halfOpen(successes: 2, callInFlight: true)),
            Row(second: 70, event: .success, actions: [.transition(from: .halfOpen, to: .closed, reason: "3 consecutive successful calls")],
                state: .closed(consecutiveFailures: 0)),
            Row(second: 71, event: .request, actions: [.callTarget], state: .closed(consecutiveFailures: 0)),
        ]),
        Scenario(name: "a failure in HALF_OPEN reopens it with a new resetTimeout", rows: opening() + [
            halfOpening,
            Row(second: 66, event: .success, actions: [], state: .halfOpen(successes: 1, callInFlight: false)),
            Row(second: 67, event: .request, actions: [.callTarget], state: .halfOpen(successes: 1, callInFlight: true)),
            Row(second: 70, event: .failure("timeout"),
                actions: [.transition(from: .halfOpen, to: .open, reason: "trial call failed: timeout")],
                state: .open(since: at(70), lastError: "timeout")),
            Row(second: 129, event: .request,
                actions: [.rejectCall(reason: "circuit open since 2027-01-15T08:01:10Z, last error: timeout")],
                state: .open(since: at(70), lastError: "timeout")),
            Row(second: 130, event: .request,
                actions: [.transition(from: .open, to: .halfOpen, reason: "reset timeout 1m elapsed, letting one call through"),
                          .callTarget],
                state: .halfOpen(successes: 0, callInFlight: true)),
        ]),
        Scenario(name: "results of calls started before it opened change nothing", rows: opening() + [
            Row(second: 6, event: .success, actions: [], state: .open(since: at(5), lastError: "e5")),
            Row(second: 7, event: .failure("late"), actions: [], state: .open(since: at(5), lastError: "e5")),
        ]),
        Scenario(name: "a clock stepped back before the opening lets the trial call through", rows: opening() + [
            Row(second: -3600, event: .request,
                actions: [.transition(from: .open, to: .halfOpen, reason: "reset timeout 1m elapsed, letting one call through"),
                          .callTarget],
                state: .halfOpen(successes: 0, callInFlight: true)),
        ]),
    ]

    @Test(arguments: scenarios) func table(_ scenario: Scenario) {
        var breaker = CircuitBreaker()
        for (number, row) in scenario.rows.enumerated() {
            let now = Self.at(row.second)
            let actions: [CircuitBreaker.Action] = switch row.event {
            case .request: breaker.callRequested(at: now)
            case .success: breaker.callSucceeded(at: now)
            case let .failure(error): breaker.callFailed(error, at: now)
            }
            #expect(actions == row.actions, "row \(number + 1)")
            #expect(breaker.state == row.state, "row \(number + 1)")
        }
    }

    @Test func thresholdsAreSettings() {
        var breaker = CircuitBreaker(settings: .init(failureThreshold: 1, resetTimeout: .seconds(5), successThreshold: 1))
        #expect(breaker.callFailed("boom", at: Self.t0) == [.transition(from: .closed, to: .open, reason: "1 failure, last error: boom")])
        #expect(breaker.callRequested(at: Self.at(5)).last == .callTarget)
        #expect(breaker.callSucceeded(at: Self.at(6)) == [.transition(from: .halfOpen, to: .closed, reason: "1 successful call")])
    }

    @Test func stateSurvivesEncoding() throws {
        var breaker = CircuitBreaker()
        for second in 1...5 { _ = breaker.callFailed("refused", at: Self.at(Double(second))) }
        let decoded = try JSONDecoder().decode(CircuitBreaker.self, from: JSONEncoder().encode(breaker))
        #expect(decoded == breaker)
        #expect(decoded.state.position == .open)
    }
}
