#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work items 0..<count done by any number of threads and taken by one consumer in index
/// order, at most `window` items past the one the consumer waits for.
///
/// Threads claim the next index as they free up, rather than each owning every n-th item: with
/// fixed shares, one thread descheduled for a moment held up the consumer while the others,
/// their own shares done, sat blocked with a core idle.
final class OrderedWindow<Element>: @unchecked Sendable {
    private var slots: [Element?]
    private let count: Int
    private var nextClaim = 0
    /// The index the consumer takes next; items below it are gone.
    private var nextTake = 0
    private var closed = false
    // Allocated, not stored inline: pthread objects must not move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let delivered = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let taken = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(count: Int, window: Int) {
        self.count = count
        slots = Array(repeating: nil, count: max(1, window))
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(delivered, nil)
        pthread_cond_init(taken, nil)
    }

    deinit {
        pthread_cond_destroy(taken)
        pthread_cond_destroy(delivered)
        pthread_mutex_destroy(mutex)
        taken.deallocate()
        delivered.deallocate()
        mutex.deallocate()
    }

    /// The next index to work on, once it is inside the window; nil when every index is
    /// claimed or the window was closed.
    func claim() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !closed && nextClaim < count && nextClaim >= nextTake + slots.count { pthread_cond_wait(taken, mutex) }
        guard !closed, nextClaim < count else { return nil }
        defer { nextClaim += 1 }
        return nextClaim
    }

    /// Hands in the work on a claimed index.
    func deliver(_ element: Element, at index: Int) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !closed else { return }
        slots[index % slots.count] = element
        pthread_cond_broadcast(delivered)
    }

    /// The work on `index`, the consumer's next, once delivered; nil when the window was closed
    /// first (the consumer then does that item itself).
    func take(_ index: Int) -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        precondition(index == nextTake, "items are taken in order")
        let slot = index % slots.count
        while !closed && slots[slot] == nil { pthread_cond_wait(delivered, mutex) }
        guard let element = slots[slot] else {
            nextTake += 1  // the consumer does this item itself and goes on to the next
            return nil
        }
        slots[slot] = nil
        nextTake += 1
        pthread_cond_broadcast(taken)
        return element
    }

    /// Stops the workers: nothing more is claimed, and what is delivered is dropped.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        for index in slots.indices { slots[index] = nil }
        pthread_cond_broadcast(delivered)
        pthread_cond_broadcast(taken)
        pthread_mutex_unlock(mutex)
    }
}
