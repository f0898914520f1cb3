import Dispatch

/// A value worked out on another thread while the caller goes on; `result()` waits for it.
final class BackgroundWork<Value>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchGroup()

    /// `work` must only read what no one changes meanwhile (the caller vouches for that).
    init(_ work: @escaping () -> Value) {
        done.enter()
        let job = UncheckedJob(run: work)
        let started = startThread { [self] in
            value = job.run()
            done.leave()
        }
        if !started {
            value = work()
            done.leave()
        }
    }

    func result() -> Value {
        done.wait()
        return value!
    }
}

private struct UncheckedJob<Value>: @unchecked Sendable {
    let run: () -> Value
}
