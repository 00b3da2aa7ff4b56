import Dispatch
import FoundationEssentials
import Synchronization
import VigilCore

/// Runs one check's probe against the check's timeout and judges the outcome.
///
/// The deadline is enforced here as well as inside each probe: whatever the probe does, the
/// result is delivered at `timeout` at the latest (the seed's rule: a probe that throws or
/// overstays is CRITICAL).
public enum ProbeRunner {
    /// `workEnded` is called once the probe itself has returned, which may be after the result:
    /// a plugin's process group still gets its kill grace after the deadline, and the scheduler
    /// must not start the check again before then.
    public static func run(_ check: CheckDefinition, probe: any Probe,
                           workEnded: @escaping @Sendable () -> Void = {}) async -> CheckResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await outcome(of: probe, timeout: check.timeout, startingAt: start, workEnded: workEnded)
        return CheckEvaluator.result(for: check, outcome: outcome, duration: clock.now - start, at: Date())
    }

    /// The same race for a blocking probe, with Dispatch alone: the probe runs on a `BlockingIO`
    /// thread, `deadlines` stands for the deadline, and whichever comes first is handed to
    /// `deliver` on the deadlines' queue; `workEnded` follows there once the probe returned. A run
    /// costs two thread hops instead of the task pool's many, and no timer of its own.
    public static func start(_ check: CheckDefinition, probe: any BlockingProbe, deadlines: RunDeadlines,
                             deliver: @escaping @Sendable (CheckResult) -> Void,
                             workEnded: @escaping @Sendable () -> Void) {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: check.timeout)
        let queue = deadlines.queue
        let run = deadlines.add(deadline: deadline) {
            deliver(CheckEvaluator.result(for: check, outcome: .timedOut(after: check.timeout), duration: clock.now - start, at: Date()))
        }
        BlockingIO.queue.async {
            let outcome: ProbeOutcome
            do {
                outcome = .observed(try probe.observeBlocking(until: deadline))
            } catch {
                outcome = failure(error)
            }
            let duration = clock.now - start
            queue.async {
                if deadlines.end(run) { deliver(CheckEvaluator.result(for: check, outcome: outcome, duration: duration, at: Date())) }
                workEnded()
            }
        }
    }

    /// A probe that threw: its own words when it is a `ProbeError`, else the error as Swift prints it.
    static func failure(_ error: any Error) -> ProbeOutcome {
        .failed((error as? ProbeError)?.description ?? String(describing: error))
    }

    /// Races the probe against its deadline; the first to finish decides, the other is ignored.
    static func outcome(of probe: any Probe, timeout: Duration, startingAt start: ContinuousClock.Instant,
                        workEnded: @escaping @Sendable () -> Void = {}) async -> ProbeOutcome {
        let deadline = start.advanced(by: timeout)
        let once = ResumeOnce()
        let started = Mutex<Task<Void, Never>?>(nil)
        // The probe runs in a task of its own, which does not inherit cancellation: pass it on, so
        // a stopping daemon's cancel reaches the probe (an event-store scan then cancels its query).
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProbeOutcome, Never>) in
                once.arm(continuation)
                let work = Task {
                    defer { workEnded() }
                    do {
                        once.resume(with: .observed(try await probe.observe(until: deadline)))
                    } catch is CancellationError {
                        once.resume(with: .timedOut(after: timeout))
                    } catch {
                        once.resume(with: failure(error))
                    }
                }
                let cancelledEarly = started.withLock { task in
                    task = work
                    return Task.isCancelled
                }
                if cancelledEarly { work.cancel() }
                let nanoseconds = max(0, DurationText.milliseconds(deadline - ContinuousClock.now)) * 1_000_000
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) {
                    once.resume(with: .timedOut(after: timeout))
                    work.cancel()
                }
            }
        } onCancel: {
            started.withLock { $0?.cancel() }
        }
    }
}

/// Resumes a continuation exactly once, whichever of the racers gets there first.
private final class ResumeOnce: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<ProbeOutcome, Never>?, pending: ProbeOutcome?)>((nil, nil))

    func arm(_ continuation: CheckedContinuation<ProbeOutcome, Never>) {
        let early: ProbeOutcome? = state.withLock { state in
            if let pending = state.pending {
                state.pending = nil
                return pending
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func resume(with outcome: ProbeOutcome) {
        let continuation: CheckedContinuation<ProbeOutcome, Never>? = state.withLock { state in
            guard let continuation = state.continuation else {
                // Not armed yet: keep the first outcome only.
                if state.pending == nil { state.pending = outcome }
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume(returning: outcome)
    }
}
