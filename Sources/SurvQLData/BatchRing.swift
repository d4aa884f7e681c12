#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Batches of tokenized records passed from one parser thread (the producer, which tokenizes the
/// file) to another (the consumer, which only adds its own columns' cells), so that a two-thread
/// load tokenizes every record once.
///
/// The ring holds `slotCount` batches. The producer fills the slot after the last one published
/// and publishes it with the tokenizer's position and line after the batch; the consumer reads the
/// published slots in order and releases each when done, and the producer reuses a slot only after
/// its release. Either side that must wait sleeps until the ring is half full (consumer) or half
/// empty (producer), so that the two threads do not wake each other once per batch.
///
/// The producer `close`s the ring when it stops (the consumer then gets nil once it has read
/// every published batch); the consumer `abandon`s it when it stops (the producer then never
/// waits again). Every counter is read and written under one mutex.
final class BatchRing: @unchecked Sendable {
    /// Where a published batch ends: the tokenizer's state after filling it.
    struct End {
        var position: Int
        var line: Int
    }

    let slotCount: Int
    private let slots: UnsafeMutablePointer<RecordBatch>
    private var ends: [End]
    private var produced = 0
    private var consumed = 0
    private var closed = false
    private var abandoned = false
    private var producerWaits = false
    private var consumerWaits = false
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A ring of `slotCount` (at least 2) batches of `capacity` records of `fieldCount` fields.
    init(base: UnsafePointer<UInt8>, fieldCount: Int, capacity: Int, slotCount: Int = 16) {
        self.slotCount = max(2, slotCount)
        slots = .allocate(capacity: self.slotCount)
        for s in 0..<self.slotCount {
            (slots + s).initialize(to: RecordBatch(base: base, fieldCount: fieldCount, capacity: capacity))
        }
        ends = [End](repeating: End(position: 0, line: 0), count: self.slotCount)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        slots.deinitialize(count: slotCount)
        slots.deallocate()
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    // MARK: Producer

    /// The slot to fill next (cleared), once the consumer has released it.
    func slotForFilling() -> UnsafeMutablePointer<RecordBatch> {
        pthread_mutex_lock(mutex)
        if produced - consumed == slotCount, !abandoned {
            producerWaits = true
            while produced - consumed > slotCount / 2, !abandoned { pthread_cond_wait(condition, mutex) }
            producerWaits = false
        }
        let slot = slots + produced % slotCount
        pthread_mutex_unlock(mutex)
        slot.pointee.clear()
        return slot
    }

    /// Publishes the slot `slotForFilling` gave, which the tokenizer left at `end`.
    func publish(_ end: End) {
        pthread_mutex_lock(mutex)
        ends[produced % slotCount] = end
        produced += 1
        if consumerWaits, produced - consumed >= slotCount / 2 { pthread_cond_signal(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// No more batches will be published.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    // MARK: Consumer

    /// The next published batch and where it ends, or nil when the producer closed the ring
    /// before publishing it.
    func next() -> (batch: UnsafeMutablePointer<RecordBatch>, end: End)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if produced == consumed, !closed {
            consumerWaits = true
            while produced - consumed < slotCount / 2, !closed { pthread_cond_wait(condition, mutex) }
            consumerWaits = false
        }
        guard produced > consumed else { return nil }
        return (slots + consumed % slotCount, ends[consumed % slotCount])
    }

    /// Hands the batch `next` gave back to the producer.
    func release() {
        pthread_mutex_lock(mutex)
        consumed += 1
        if producerWaits, produced - consumed <= slotCount / 2 { pthread_cond_signal(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// The consumer reads no more batches: the producer may overwrite them without waiting.
    func abandon() {
        pthread_mutex_lock(mutex)
        abandoned = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }
}
