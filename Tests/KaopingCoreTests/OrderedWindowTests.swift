import Foundation
@testable import KaopingCore
import Testing

@Suite("Ordered window (range readers hand over in file order)")
struct OrderedWindowTests {
    /// Workers that take uneven time, so items finish out of order, must still reach the
    /// consumer in order, each exactly once, and never more than `window` ahead of it.
    @Test(arguments: [(1, 1), (2, 1), (3, 2), (4, 6)])
    func itemsArriveInOrderWhateverTheWorkersDo(threads: Int, window: Int) {
        let count = 300
        let ordered = OrderedWindow<Int>(count: count, window: window)
        let ahead = AheadCounter()
        for worker in 0..<threads {
            #expect(startThread {
                var random = SystemRandomNumberGenerator()
                while let index = ordered.claim() {
                    ahead.claimed(index)
                    if (index + worker) % 3 == 0 { usleep(UInt32.random(in: 0..<300, using: &random)) }
                    ordered.deliver(index * 7, at: index)
                }
            })
        }
        // Should an item be lost, the test fails instead of waiting for ever.
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { if done.wait(timeout: .now() + .seconds(20)) == .timedOut { ordered.close() } }
        defer { done.signal() }
        var received: [Int] = []
        for index in 0..<count {
            // Counted before taking, so a claim racing the take is never counted too far ahead.
            ahead.took(index)
            guard let value = ordered.take(index) else { break }
            received.append(value)
        }
        #expect(received == (0..<count).map { $0 * 7 })
        #expect(ahead.maximumAhead <= window, "a worker claimed an item more than the window ahead")
    }

    @Test func closingReleasesTheConsumerAndTheWorkers() {
        let ordered = OrderedWindow<Int>(count: 100, window: 2)
        let finished = DispatchSemaphore(value: 0)
        // A worker that claims the first two and then waits for room that never comes.
        #expect(startThread {
            while let index = ordered.claim() {
                if index > 0 { ordered.deliver(index, at: index) }
            }
            finished.signal()
        })
        // Item 0 is never delivered: the consumer would wait for ever without `close`.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { ordered.close() }
        #expect(ordered.take(0) == nil)
        #expect(finished.wait(timeout: .now() + .seconds(5)) == .success)
        // The consumer does item 0 itself and asks for the next: nil again, no crash.
        #expect(ordered.take(1) == nil)
    }
}

/// How far past the consumer's item the workers have claimed, at worst.
private final class AheadCounter: @unchecked Sendable {
    private let lock = PThreadMutex()
    private var taken = 0
    private(set) var maximumAhead = 0

    func claimed(_ index: Int) { lock.withLock { maximumAhead = max(maximumAhead, index - taken + 1) } }
    func took(_ index: Int) { lock.withLock { taken = index + 1 } }
}
